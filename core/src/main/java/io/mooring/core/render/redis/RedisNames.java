package io.mooring.core.render.redis;

import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.RedisAclUser;

/**
 * Every name derived from a Redis app. The longest derivations are the StatefulSet's {@code
 * controller-revision-hash} label ({@code <name>-redis-<10 chars>}) and the Sentinel ConfigMap
 * ({@code <name>-sentinel-config}); {@code AppKind.REDIS.maxNameLength()} keeps them within 63
 * characters, which the names test checks.
 */
public final class RedisNames {
  /** The key of the servers' password in {@link #authSecret()}. */
  public static final String PASSWORD_KEY = RedisAuthSecret.PASSWORD_KEY;

  private final AppRef app;
  private final String clusterDomain;

  public RedisNames(AppRef app, String clusterDomain) {
    this.app = app;
    this.clusterDomain = clusterDomain;
  }

  public String namespace() {
    return app.namespace();
  }

  /** The StatefulSet, its client Service and its PodDisruptionBudget. */
  public String redis() {
    return app.name() + "-redis";
  }

  public String redisConfig() {
    return app.name() + "-redis-config";
  }

  public String headless() {
    return app.name() + "-redis-headless";
  }

  /** The ClusterIP Service that always reaches the current master. */
  public String master() {
    return app.name() + "-redis-master";
  }

  public String external() {
    return app.name() + "-redis-external";
  }

  /** The LoadBalancer in front of the exporter, when its metrics are exposed. */
  public String exporterExternal() {
    return app.name() + "-metrics-external";
  }

  /** The NetworkPolicy admitting the spec's allowed sources. */
  public String networkPolicy() {
    return app.name() + "-redis-ingress";
  }

  /** The Deployment, ConfigMap and PodDisruptionBudget of the proxy that follows the master. */
  public String masterProxy() {
    return app.name() + "-redis-proxy";
  }

  /** The Sentinel Deployment, Service and PodDisruptionBudget. */
  public String sentinel() {
    return app.name() + "-sentinel";
  }

  public String sentinelConfig() {
    return app.name() + "-sentinel-config";
  }

  public String exporter() {
    return app.name() + "-redis-exporter";
  }

  public String authSecret() {
    return app.name() + "-redis-auth";
  }

  /** The server certificate, its key and the CA, mounted by the Redis and Sentinel pods. */
  public String tlsSecret() {
    return app.name() + "-redis-tls";
  }

  /** The Secret Mooring generates for a spec's ACL user that names none of its own. */
  public String userSecret(RedisAclUser user) {
    return app.name() + "-redis-user-" + user.objectNameSuffix();
  }

  /** Name the Sentinels monitor the set under; clients pass it to their Sentinel-aware driver. */
  public String masterName() {
    return app.name();
  }

  public String pod(int ordinal) {
    return redis() + "-" + ordinal;
  }

  /**
   * {@code <headless>.<namespace>.svc.<cluster domain>}: the suffix of every Redis pod's stable
   * name.
   */
  public String headlessDomain() {
    return headless() + "." + app.namespace() + ".svc." + clusterDomain;
  }

  /** The pod's stable DNS name, announced to replicas and Sentinels instead of its IP. */
  public String podFqdn(int ordinal) {
    return pod(ordinal) + "." + headlessDomain();
  }

  public String sentinelFqdn() {
    return serviceFqdn(sentinel());
  }

  public String serviceFqdn(String service) {
    return service + "." + app.namespace() + ".svc." + clusterDomain;
  }
}
