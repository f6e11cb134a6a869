package io.mooring.core.render.common;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.mooring.core.spec.ControlCharacters;
import io.mooring.core.spec.KubernetesNames;
import java.util.List;

/**
 * The images of the pods Mooring renders and the Secrets the kubelet pulls them with. The defaults
 * are pinned; an install behind a registry mirror replaces repositories and tags here.
 *
 * @param redis Redis pods and their start script
 * @param valkey the pods of Valkey apps (Aiven's {@code Valkey}) and their start script; the image
 *     must provide the {@code redis-server} and {@code redis-cli} names, as Valkey's official
 *     images do
 * @param sentinel Sentinel pods (they also run redis-cli, sh and awk)
 * @param exporter the redis_exporter Deployment
 * @param proxy the HAProxy Deployment in front of the master of an external Redis
 * @param nats NATS pods
 * @param natsExporter the prometheus-nats-exporter sidecar of every NATS pod
 * @param pullSecrets names of Secrets in each app's namespace, set as {@code imagePullSecrets} on
 *     every pod; empty when the images are public
 */
public record AppImages(
    ContainerImage redis,
    ContainerImage valkey,
    ContainerImage sentinel,
    ContainerImage exporter,
    ContainerImage proxy,
    ContainerImage nats,
    ContainerImage natsExporter,
    List<String> pullSecrets) {
  // Constants rather than literals in defaults(): the CLI shows them as its options' defaults.
  public static final String REDIS_REPOSITORY = "redis";
  public static final String REDIS_TAG = "7.2.5-alpine";
  public static final String VALKEY_REPOSITORY = "valkey/valkey";
  public static final String VALKEY_TAG = "7.2.5-alpine";
  public static final String SENTINEL_REPOSITORY = "redis";
  public static final String SENTINEL_TAG = "7.2.5-alpine";
  public static final String EXPORTER_REPOSITORY = "oliver006/redis_exporter";
  public static final String EXPORTER_TAG = "v1.62.0";
  public static final String PROXY_REPOSITORY = "haproxy";
  public static final String PROXY_TAG = "2.9.10-alpine";
  public static final String NATS_REPOSITORY = "nats";
  public static final String NATS_TAG = "2.10.18-alpine";
  public static final String NATS_EXPORTER_REPOSITORY = "natsio/prometheus-nats-exporter";
  public static final String NATS_EXPORTER_TAG = "0.15.0";

  public AppImages {
    pullSecrets = List.copyOf(pullSecrets);
    for (String secret : pullSecrets) {
      KubernetesNames.checkSubdomain(secret)
          .ifPresent(
              problem -> {
                throw new IllegalArgumentException(
                    "image pull secret \"" + ControlCharacters.escape(secret) + "\" " + problem);
              });
    }
  }

  public static AppImages defaults() {
    return new AppImages(
        new ContainerImage(REDIS_REPOSITORY, REDIS_TAG),
        new ContainerImage(VALKEY_REPOSITORY, VALKEY_TAG),
        new ContainerImage(SENTINEL_REPOSITORY, SENTINEL_TAG),
        new ContainerImage(EXPORTER_REPOSITORY, EXPORTER_TAG),
        new ContainerImage(PROXY_REPOSITORY, PROXY_TAG),
        new ContainerImage(NATS_REPOSITORY, NATS_TAG),
        new ContainerImage(NATS_EXPORTER_REPOSITORY, NATS_EXPORTER_TAG),
        List.of());
  }

  /**
   * The pod spec's {@code imagePullSecrets}; null without secrets, so the field stays unset as
   * before.
   */
  public List<LocalObjectReference> pullSecretReferences() {
    return pullSecrets.isEmpty()
        ? null
        : pullSecrets.stream().map(LocalObjectReference::new).toList();
  }
}
