package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.mooring.core.render.common.ConfigHash;
import io.mooring.core.render.common.DisruptionBudgets;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.PodResources;
import io.mooring.core.render.common.SoftAntiAffinity;
import java.util.Map;

/**
 * {@code external: true}: a LoadBalancer Service that always reaches the current master.
 *
 * <p>A Service cannot ask Sentinel who the master is. With one Redis pod the LoadBalancer selects
 * it. With replicas it selects a small HAProxy Deployment whose health check logs into every Redis
 * pod and keeps only the one answering {@code role:master} in its backend. This follows the
 * failover within a check interval, needs no access to the Kubernetes API (no RBAC, unlike a
 * controller that moves a role label between pods), and cannot go stale while Mooring itself is
 * down, because it asks Redis directly.
 */
final class RedisExternalAccessModel {
  static final String HAPROXY_CFG = "haproxy.cfg";
  private static final String MOUNT_PATH = "/usr/local/etc/haproxy";
  private static final int PROXY_REPLICAS = 2;

  private final RedisContext context;

  RedisExternalAccessModel(RedisContext context) {
    this.context = context;
  }

  boolean usesProxy() {
    return context.spec().highlyAvailable();
  }

  Service generateLoadBalancer() {
    String component = usesProxy() ? RedisContext.COMPONENT_PROXY : RedisContext.COMPONENT_REDIS;
    return context
        .service(context.names().external(), component, "LoadBalancer", "redis", RedisPorts.REDIS)
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
        // HAProxy expands ${REDIS_PASSWORD} in its health check from this environment.
        .withEnv(context.passwordEnv())
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
        .withVolumeMounts(
            new VolumeMountBuilder()
                .withName("config")
                .withMountPath(MOUNT_PATH)
                .withReadOnly(true)
                .build())
        .endContainer()
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName(context.names().masterProxy())
        .endConfigMap()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
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
    cfg.append("backend redis_master\n  option tcp-check\n  tcp-check connect\n");
    if (context.spec().authEnabled()) {
      // HAProxy expands environment variables only inside double quotes.
      cfg.append("  tcp-check send \"AUTH ${")
          .append(RedisContext.PASSWORD_ENV)
          .append("}\"\\r\\n\n");
      cfg.append("  tcp-check expect string +OK\n");
    }
    cfg.append("  tcp-check send PING\\r\\n\n  tcp-check expect string +PONG\n");
    cfg.append(
        "  tcp-check send info\\ replication\\r\\n\n  tcp-check expect string role:master\n");
    cfg.append("  tcp-check send QUIT\\r\\n\n  tcp-check expect string +OK\n");
    for (int ordinal = 0; ordinal < context.spec().replicas(); ordinal++) {
      cfg.append("  server ")
          .append(context.names().pod(ordinal))
          .append(' ')
          .append(context.names().podFqdn(ordinal))
          .append(':')
          .append(RedisPorts.REDIS)
          .append(" check inter 1s fall 1 rise 1 resolvers cluster init-addr none\n");
    }
    return cfg.toString();
  }
}
