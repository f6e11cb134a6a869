package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.mooring.core.render.common.ConfigHash;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.PodResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One oliver006 redis_exporter for the whole app. Its {@code /metrics} endpoint reports the
 * Sentinels' view (master status, replicas, Sentinels seen) or, for a standalone Redis, the single
 * pod. Every Redis pod is reached through the exporter's multi-target endpoint {@code
 * /scrape?target=<uri>}, which uses the same password; the Service lists those targets in {@link
 * #SCRAPE_TARGETS_ANNOTATION} so that a ServiceMonitor can name one endpoint per target (path
 * {@code /scrape}, {@code params.target}). One Deployment instead of a sidecar per pod keeps the
 * seed chart's shape and survives pod restarts.
 */
final class RedisExporterModel {
  static final String SCRAPE_TARGETS_ANNOTATION = "mooring.io/scrape-targets";

  private final RedisContext context;
  private final RedisTlsModel tls;

  RedisExporterModel(RedisContext context) {
    this.context = context;
    this.tls = new RedisTlsModel(context);
  }

  /** {@code rediss} with TLS: the exporter then verifies every server against the CA. */
  private String scheme() {
    return tls.enabled() ? "rediss://" : "redis://";
  }

  /** The address {@code /metrics} reports on. */
  String defaultTarget() {
    RedisNames names = context.names();
    return context.spec().highlyAvailable()
        ? scheme() + names.sentinelFqdn() + ":" + RedisPorts.SENTINEL
        : scheme() + names.podFqdn(0) + ":" + RedisPorts.REDIS;
  }

  /** The per-pod addresses for {@code /scrape?target=}. */
  List<String> podTargets() {
    List<String> targets = new ArrayList<>();
    for (int ordinal = 0; ordinal < context.spec().replicas(); ordinal++) {
      targets.add(scheme() + context.names().podFqdn(ordinal) + ":" + RedisPorts.REDIS);
    }
    return targets;
  }

  List<String> args() {
    List<String> args = new ArrayList<>();
    args.add("--redis.addr=" + defaultTarget());
    args.add("--web.listen-address=:" + RedisPorts.EXPORTER);
    if (tls.enabled()) {
      args.add("--tls-ca-cert-file=" + RedisTlsModel.CA_FILE);
    }
    return args;
  }

  Service generateService() {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("prometheus.io/scrape", "true");
    annotations.put("prometheus.io/port", Integer.toString(RedisPorts.EXPORTER));
    annotations.put(SCRAPE_TARGETS_ANNOTATION, String.join(",", podTargets()));
    return context
        .service(
            context.names().exporter(),
            RedisContext.COMPONENT_EXPORTER,
            "ClusterIP",
            "metrics",
            RedisPorts.EXPORTER)
        .editMetadata()
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }

  /**
   * The exporter logs in as Mooring's monitoring user ({@code REDIS_USER}, {@code REDIS_PASSWORD}),
   * on the Redis pods and on the Sentinels alike.
   */
  private List<EnvVar> env() {
    if (!context.spec().authEnabled()) {
      return List.of();
    }
    RedisInternalUser user = RedisInternalUsers.EXPORTER;
    return List.of(
        new EnvVarBuilder().withName("REDIS_USER").withValue(user.name()).build(),
        RedisAuthSecret.secretEnv(
            RedisAuthSecret.PASSWORD_ENV, context.names().authSecret(), user.secretKey()));
  }

  Deployment generateDeployment() {
    return new DeploymentBuilder()
        .withMetadata(context.meta(context.names().exporter(), RedisContext.COMPONENT_EXPORTER))
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(context.selector(RedisContext.COMPONENT_EXPORTER))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(context.labels(RedisContext.COMPONENT_EXPORTER))
        .withAnnotations(
            Map.of(
                MooringLabels.CONFIG_HASH_ANNOTATION,
                ConfigHash.of(Map.of("args", String.join(" ", args())))))
        .endMetadata()
        .withNewSpec()
        .withImagePullSecrets(context.options().images().pullSecretReferences())
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(59000L)
        .endSecurityContext()
        .addNewContainer()
        .withName("redis-exporter")
        .withImage(context.options().images().exporter().reference())
        .withArgs(args())
        .withEnv(env())
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
        .withVolumeMounts(tls.enabled() ? List.of(RedisTlsModel.mount()) : List.of())
        .endContainer()
        .withVolumes(tls.enabled() ? List.of(tls.caVolume()) : List.of())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
