package io.mooring.daemon;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The ConfigMap beside the leader Lease (same name, same namespace) where Mooring keeps what must
 * outlive a replica: pushes a standby received for the leader ({@link SyncRelay}) and when each
 * app's drift began ({@link ConfigMapDriftStarts}). Every replica watches it; each writer changes
 * only its own keys with a merge patch, so writers never conflict. It carries no label Mooring
 * manages apps by, so it is no app's object.
 */
final class StateConfigMap implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final SharedIndexInformer<ConfigMap> informer;

  private StateConfigMap(
      KubernetesClient client,
      String namespace,
      String name,
      SharedIndexInformer<ConfigMap> informer) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.informer = informer;
  }

  /**
   * Starts watching the ConfigMap {@code namespace/name} (it may not exist yet); {@code onChange}
   * gets every version seen, from the informer's thread.
   */
  static StateConfigMap watch(
      KubernetesClient client, String namespace, String name, Consumer<ConfigMap> onChange) {
    SharedIndexInformer<ConfigMap> informer =
        client.configMaps().inNamespace(namespace).withName(name).runnableInformer(0);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(ConfigMap object) {
            onChange.accept(object);
          }

          @Override
          public void onUpdate(ConfigMap before, ConfigMap after) {
            onChange.accept(after);
          }

          @Override
          public void onDelete(ConfigMap object, boolean finalStateUnknown) {}
        });
    // A 503, a reset or a watch told 410 while the daemon starts is tried again with the informer's
    // backoff rather than failing the start; the wait for the first list stays bounded.
    informer.exceptionHandler((isStarted, failure) -> true);
    try {
      informer.start().toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      informer.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading ConfigMap " + name, e);
    } catch (ExecutionException | TimeoutException e) {
      informer.close();
      throw new IllegalStateException(
          "could not read ConfigMap " + namespace + "/" + name + " within " + START_TIMEOUT, e);
    }
    return new StateConfigMap(client, namespace, name, informer);
  }

  /** The ConfigMap as last seen, or null while it does not exist. */
  ConfigMap current() {
    return informer.getStore().getByKey(namespace + "/" + name);
  }

  /**
   * Merges {@code metadata} annotations and {@code data} entries into the ConfigMap (a null value
   * removes a data key), creating it when it does not exist yet.
   */
  void merge(Map<String, String> annotations, Map<String, String> data) {
    Map<String, Object> patch =
        Map.of("metadata", Map.of("annotations", annotations), "data", data);
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .configMaps()
            .inNamespace(namespace)
            .withName(name)
            .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404 || attempt > 2) {
          throw e;
        }
      }
      try {
        client
            .configMaps()
            .inNamespace(namespace)
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .endMetadata()
                    .build())
            .create();
      } catch (KubernetesClientException e) {
        // 409: another replica created it first; the next patch finds it.
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
