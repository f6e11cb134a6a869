package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.mooring.core.render.common.ConfigHash;
import io.mooring.core.render.common.DisruptionBudgets;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.PodResources;
import io.mooring.core.render.common.SoftAntiAffinity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The master Service {@code <name>-redis-master}: one address that always reaches the current
 * master, for clients without Sentinel support (on {@code <name>-redis}, which spreads over every
 * pod, their writes to a replica fail with {@code READONLY}).
 *
 * <p>A Service cannot ask Sentinel who the master is. With one Redis pod the Service selects it.
 * With replicas it selects a small HAProxy Deployment whose health check logs into every Redis pod
 * and keeps only the one answering {@code role:master} in its backend. This follows a failover
 * within a check interval, needs no access to the Kubernetes API (no RBAC, unlike a controller that
 * moves a role label between pods), and cannot go stale while Mooring itself is down, because it
 * asks Redis directly. The LoadBalancer of {@code external: true} selects the same pods.
 */
final class RedisMasterProxyModel {
  static final String HAPROXY_CFG = "haproxy.cfg";
  private static final String MOUNT_PATH = "/usr/local/etc/haproxy";
  private static final int PROXY_REPLICAS = 2;

  private final RedisContext context;
  private final RedisTlsModel tls;

  RedisMasterProxyModel(RedisContext context) {
    this.context = context;
    this.tls = new RedisTlsModel(context);
  }

  boolean usesProxy() {
    return context.spec().highlyAvailable();
  }

  /** The pods a Service must select to reach the master: the proxy, or the only Redis pod. */
  String masterComponent() {
    return usesProxy() ? RedisContext.COMPONENT_PROXY : RedisContext.COMPONENT_REDIS;
  }

  Service generateMasterService() {
    return context
        .service(
            context.names().master(), masterComponent(), "ClusterIP", "redis", RedisPorts.REDIS)
        .build();
  }

  ConfigMap generateProxyConfigMap() {
    return new ConfigMapBuilder()
        .withMetadata(context.meta(context.names().masterProxy(), RedisContext.COMPONENT_PROXY))
        .withData(Map.of(HAPROXY_CFG, haproxyConfig()))
        .build();
  }

  PodDisruptionBudget generateProxyDisruptionBudget() {
    return DisruptionBudgets.oneAtATime(
        context.meta(context.names().masterProxy(), RedisContext.COMPONENT_PROXY),
        context.selector(RedisContext.COMPONENT_PROXY));
  }

  Deployment generateProxyDeployment() {
    Map<String, String> selector = context.selector(RedisContext.COMPONENT_PROXY);
    return new DeploymentBuilder()
        .withMetadata(context.meta(context.names().masterProxy(), RedisContext.COMPONENT_PROXY))
        .withNewSpec()
        .withReplicas(PROXY_REPLICAS)
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(context.labels(RedisContext.COMPONENT_PROXY))
        .withAnnotations(
            Map.of(
                MooringLabels.CONFIG_HASH_ANNOTATION,
                ConfigHash.of(Map.of(HAPROXY_CFG, haproxyConfig()))))
        .endMetadata()
        .withNewSpec()
        .withImagePullSecrets(context.options().images().pullSecretReferences())
        .withAffinity(SoftAntiAffinity.onHostname(selector))
        .addNewContainer()
        .withName("haproxy")
        .withImage(context.options().images().proxy().reference())
        // HAProxy expands the monitoring user's password in its health check from this
        // environment.
        .withEnv(context.internalUserEnv(List.of(RedisInternalUsers.EXPORTER)))
        .addNewPort()
        .withName("redis")
        .withContainerPort(RedisPorts.REDIS)
        .endPort()
        .withResources(PodResources.of("25m", "250m", "64Mi", "64Mi"))
        // Until its first health checks ran HAProxy still spreads connections over every pod.
        .withNewReadinessProbe()
        .withNewTcpSocket()
        .withPort(new IntOrString("redis"))
        .endTcpSocket()
        .withInitialDelaySeconds(5)
        .withPeriodSeconds(5)
        .endReadinessProbe()
        .withVolumeMounts(mounts())
        .endContainer()
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName(context.names().masterProxy())
        .endConfigMap()
        .endVolume()
        .addAllToVolumes(tls.enabled() ? List.of(tls.caVolume()) : List.of())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private List<VolumeMount> mounts() {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(
        new VolumeMountBuilder()
            .withName("config")
            .withMountPath(MOUNT_PATH)
            .withReadOnly(true)
            .build());
    if (tls.enabled()) {
      mounts.add(RedisTlsModel.mount());
    }
    return mounts;
  }

  private String haproxyConfig() {
    StringBuilder cfg = new StringBuilder();
    cfg.append(
        "# Forwards to the one Redis pod that answers role:master; the others fail the check.\n");
    cfg.append("global\n  maxconn 4096\n\n");
    cfg.append("resolvers cluster\n  parse-resolv-conf\n  hold valid 5s\n\n");
    cfg.append(
            "defaults\n  mode tcp\n  timeout connect 4s\n  timeout client 330s\n  timeout server 330s\n")
        .append("  timeout check 2s\n\n");
    cfg.append("frontend redis_master\n  bind :")
        .append(RedisPorts.REDIS)
        .append("\n  default_backend redis_master\n\n");
    // With TLS the proxy passes the clients' TLS through to Redis untouched (clients verify the
    // server, whose names include the master Service's); only its own checks speak TLS.
    cfg.append("backend redis_master\n  option tcp-check\n  tcp-check connect")
        .append(tls.enabled() ? " ssl\n" : "\n");
    if (context.spec().authEnabled()) {
      // HAProxy expands environment variables only inside double quotes.
      RedisInternalUser user = RedisInternalUsers.EXPORTER;
      cfg.append("  tcp-check send \"AUTH ")
          .append(user.name())
          .append(" ${")
          .append(user.env())
          .append("}\"\\r\\n\n");
      cfg.append("  tcp-check expect string +OK\n");
    }
    cfg.append("  tcp-check send PING\\r\\n\n  tcp-check expect string +PONG\n");
    cfg.append(
        "  tcp-check send info\\ replication\\r\\n\n  tcp-check expect string role:master\n");
    cfg.append("  tcp-check send QUIT\\r\\n\n  tcp-check expect string +OK\n");
    // A demoted master stays up as a replica. A Sentinel failover closes its clients, but the
    // Sentinels' start survey demotes a second claimant with a plain REPLICAOF: without
    // shutdown-sessions the clients connected to it through the proxy would keep their connection
    // and get READONLY on every write.
    for (int ordinal = 0; ordinal < context.spec().replicas(); ordinal++) {
      cfg.append("  server ")
          .append(context.names().pod(ordinal))
          .append(' ')
          .append(context.names().podFqdn(ordinal))
          .append(':')
          .append(RedisPorts.REDIS)
          .append(" check inter 1s fall 1 rise 1 resolvers cluster init-addr none")
          .append(" on-marked-down shutdown-sessions")
          .append(
              tls.enabled() ? " check-ssl verify required ca-file " + RedisTlsModel.CA_FILE : "")
          .append('\n');
    }
    return cfg.toString();
  }
}
