package io.mooring.core.render.rediscluster;

import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.RedisAclUser;

/**
 * Every name derived from a Redis Cluster app {@code <app>}. The longest is the {@code
 * controller-revision-hash} label of a shard's pods ({@code <app>-shard-<i>-<10 chars>}, {@code i}
 * up to two digits); {@code AppKind.REDIS_CLUSTER.maxNameLength()} keeps it within 63 characters,
 * which the names test checks. The {@code -cluster} and {@code -shard} infixes keep these names
 * apart from those of a Redis or NATS app of the same name in the same namespace.
 */
public final class RedisClusterNames {
  private final AppRef app;
  private final String clusterDomain;

  public RedisClusterNames(AppRef app, String clusterDomain) {
    this.app = app;
    this.clusterDomain = clusterDomain;
  }

  public String namespace() {
    return app.namespace();
  }

  /** The StatefulSet of shard {@code shard} (0-based): its master and replicas. */
  public String shard(int shard) {
    return app.name() + "-shard-" + shard;
  }

  /** Pod {@code ordinal} of shard {@code shard}; ordinal 0 is the shard's master at bootstrap. */
  public String pod(int shard, int ordinal) {
    return shard(shard) + "-" + ordinal;
  }

  /** The client Service over every node, and the PodDisruptionBudget over every node. */
  public String client() {
    return app.name() + "-cluster";
  }

  /**
   * The headless Service every shard's StatefulSet is governed by; pods' stable names hang off it.
   */
  public String headless() {
    return app.name() + "-cluster-headless";
  }

  public String config() {
    return app.name() + "-cluster-config";
  }

  /** The password Secret; its key is {@code RedisAuthSecret.PASSWORD_KEY}. */
  public String authSecret() {
    return app.name() + "-cluster-auth";
  }

  /** The certificate Secret of a TLS cluster: {@code tls.crt}, {@code tls.key}, {@code ca.crt}. */
  public String tlsSecret() {
    return app.name() + "-cluster-tls";
  }

  /** The Secret Mooring generates for a spec's ACL user that names none of its own. */
  public String userSecret(RedisAclUser user) {
    return app.name() + "-cluster-user-" + user.objectNameSuffix();
  }

  public String exporter() {
    return app.name() + "-cluster-exporter";
  }

  /**
   * {@code <headless>.<namespace>.svc.<cluster domain>}: the suffix of every node's stable name.
   */
  public String headlessDomain() {
    return headless() + "." + app.namespace() + ".svc." + clusterDomain;
  }

  /** The node's stable DNS name, which it announces as {@code cluster-announce-hostname}. */
  public String podFqdn(int shard, int ordinal) {
    return pod(shard, ordinal) + "." + headlessDomain();
  }

  public String serviceFqdn(String service) {
    return service + "." + app.namespace() + ".svc." + clusterDomain;
  }
}
