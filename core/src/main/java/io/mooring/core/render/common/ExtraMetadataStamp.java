package io.mooring.core.render.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.mooring.core.spec.ExtraMetadata;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts a spec's extra labels and annotations ({@link ExtraMetadata}) on the metadata of each of the
 * app's objects, never on pod templates or selectors: changing them rolls nothing, and they never
 * replace a key Mooring set.
 */
public final class ExtraMetadataStamp {
  private ExtraMetadataStamp() {}

  public static void apply(ExtraMetadata extra, List<HasMetadata> objects) {
    if (extra.isEmpty()) {
      return;
    }
    for (HasMetadata object : objects) {
      ObjectMeta meta = object.getMetadata();
      meta.setLabels(merged(extra.labels(), meta.getLabels()));
      meta.setAnnotations(merged(extra.annotations(), meta.getAnnotations()));
    }
  }

  private static Map<String, String> merged(Map<String, String> extra, Map<String, String> own) {
    if (extra.isEmpty()) {
      return own;
    }
    Map<String, String> merged = new TreeMap<>(extra);
    if (own != null) {
      merged.putAll(own);
    }
    return merged;
  }
}
