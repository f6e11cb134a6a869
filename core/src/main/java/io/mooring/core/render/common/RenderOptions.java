package io.mooring.core.render.common;

/**
 * Settings of the renderer that are not part of any spec: images (pinned, overridable per install),
 * the cluster's DNS domain (stable pod names are built from it) and the password source.
 */
public record RenderOptions(
    String redisImage,
    String redisExporterImage,
    String natsImage,
    String clusterDomain,
    PasswordGenerator passwords) {

  public static RenderOptions defaults() {
    return new RenderOptions(
        "redis:7.2.5-alpine",
        "oliver006/redis_exporter:v1.62.0",
        "nats:2.10.18-alpine",
        "cluster.local",
        PasswordGenerator.secure());
  }

  public RenderOptions withPasswords(PasswordGenerator generator) {
    return new RenderOptions(redisImage, redisExporterImage, natsImage, clusterDomain, generator);
  }
}
