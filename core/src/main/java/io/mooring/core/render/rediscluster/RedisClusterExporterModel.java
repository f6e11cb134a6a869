package io.mooring.core.render.rediscluster;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.mooring.core.render.common.ConfigHash;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.PodResources;
import io.mooring.core.render.redis.RedisAuthSecret;
import io.mooring.core.render.redis.RedisInternalUsers;
import io.mooring.core.render.redis.RedisPorts;
import io.mooring.core.render.redis.RedisTlsServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One oliver006 redis_exporter for the whole cluster, as for a Redis app. Its {@code /metrics}
 * reports the first node (with {@code --is-cluster}, which follows redirects to read key-level
 * data); every node is reached through the multi-target endpoint {@code /scrape?target=<uri>},
 * whose targets the Service lists in {@link #SCRAPE_TARGETS_ANNOTATION}, one per node by stable
 * name, so that a ServiceMonitor can name one endpoint per node.
 */
final class RedisClusterExporterModel {
  static final String SCRAPE_TARGETS_ANNOTATION = "mooring.io/scrape-targets";
  private static final int EXPORTER_UID = 59000;

  private final RedisClusterContext context;

  RedisClusterExporterModel(RedisClusterContext context) {
    this.context = context;
  }

  /** Every node's address for {@code /scrape?target=}, shard by shard. */
  List<String> nodeTargets() {
    List<String> targets = new ArrayList<>();
    for (int shard = 0; shard < context.spec().masters(); shard++) {
      for (int ordinal = 0; ordinal < context.spec().nodesPerShard(); ordinal++) {
        targets.add(target(shard, ordinal));
      }
    }
    return targets;
  }

  List<String> args() {
    List<String> args = new ArrayList<>();
    args.add("--redis.addr=" + target(0, 0));
    args.add("--is-cluster");
    args.add("--web.listen-address=:" + RedisPorts.EXPORTER);
    if (tls().enabled()) {
      args.add("--tls-ca-cert-file=" + RedisTlsServer.CA_FILE);
    }
    return args;
  }

  /** {@code rediss} with TLS: the exporter then verifies every node against the CA. */
  private String target(int shard, int ordinal) {
    return (tls().enabled() ? "rediss://" : "redis://")
        + context.names().podFqdn(shard, ordinal)
        + ":"
        + RedisPorts.REDIS;
  }

  private RedisClusterTlsModel tls() {
    return new RedisClusterTlsModel(context);
  }

  Service generateService() {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("prometheus.io/scrape", "true");
    annotations.put("prometheus.io/port", Integer.toString(RedisPorts.EXPORTER));
    annotations.put(SCRAPE_TARGETS_ANNOTATION, String.join(",", nodeTargets()));
    return new ServiceBuilder()
        .withMetadata(
            context.meta(context.names().exporter(), RedisClusterLabels.COMPONENT_EXPORTER))
        .editMetadata()
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(
            MooringLabels.selector(context.spec().ref(), RedisClusterLabels.COMPONENT_EXPORTER))
        .addNewPort()
        .withName("metrics")
        .withPort(RedisPorts.EXPORTER)
        .withTargetPort(new IntOrString("metrics"))
        .endPort()
        .endSpec()
        .build();
  }

  Deployment generateDeployment() {
    return new DeploymentBuilder()
        .withMetadata(
            context.meta(context.names().exporter(), RedisClusterLabels.COMPONENT_EXPORTER))
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(
            MooringLabels.selector(context.spec().ref(), RedisClusterLabels.COMPONENT_EXPORTER))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(context.labels(RedisClusterLabels.COMPONENT_EXPORTER))
        .withAnnotations(
            Map.of(
                MooringLabels.CONFIG_HASH_ANNOTATION,
                ConfigHash.of(Map.of("args", String.join(" ", args())))))
        .endMetadata()
        .withNewSpec()
        .withImagePullSecrets(context.options().images().pullSecretReferences())
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser((long) EXPORTER_UID)
        .endSecurityContext()
        .addNewContainer()
        .withName("redis-exporter")
        .withImage(context.options().images().exporter().reference())
        .withArgs(args())
        // The monitoring user: reads only, and no rotation of the app's password restarts it.
        .addNewEnv()
        .withName("REDIS_USER")
        .withValue(RedisInternalUsers.EXPORTER.name())
        .endEnv()
        .addToEnv(
            RedisAuthSecret.secretEnv(
                RedisAuthSecret.PASSWORD_ENV,
                context.names().authSecret(),
                RedisInternalUsers.EXPORTER.secretKey()))
        .withVolumeMounts(tls().enabled() ? List.of(RedisTlsServer.mount()) : List.of())
        .addNewPort()
        .withName("metrics")
        .withContainerPort(RedisPorts.EXPORTER)
        .endPort()
        .withResources(PodResources.of("10m", "100m", "32Mi", "64Mi"))
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/health")
        .withPort(new IntOrString("metrics"))
        .endHttpGet()
        .withPeriodSeconds(10)
        .endReadinessProbe()
        .withNewLivenessProbe()
        .withNewHttpGet()
        .withPath("/health")
        .withPort(new IntOrString("metrics"))
        .endHttpGet()
        .withInitialDelaySeconds(10)
        .withPeriodSeconds(20)
        .endLivenessProbe()
        .endContainer()
        .withVolumes(
            tls().enabled()
                ? List.of(RedisTlsServer.caVolume(context.names().tlsSecret()))
                : List.of())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
