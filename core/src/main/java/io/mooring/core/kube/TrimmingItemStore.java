package io.mooring.core.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer's store that keeps {@link LiveObjectTrim trimmed} copies. The informer hands the same
 * object to its event handlers, which read only names and labels.
 */
final class TrimmingItemStore<T extends HasMetadata> extends BasicItemStore<T> {
  TrimmingItemStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public T put(String key, T object) {
    return super.put(key, LiveObjectTrim.trim(object));
  }
}
