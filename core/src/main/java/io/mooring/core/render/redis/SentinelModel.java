package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Three Sentinels (quorum two) watching the Redis set. Their config is copied into an emptyDir at
 * start because Sentinel rewrites it; the start script finds the current master instead of trusting
 * a file.
 */
final class SentinelModel {
  static final String MOUNT_PATH = "/etc/mooring";
  static final String WORK_PATH = "/sentinel";
  static final String SENTINEL_CONF = "sentinel.conf";
  static final String START_SCRIPT = "start.sh";

  /** Replaced by the start script with the master it found; see sentinel-start.sh. */
  static final String MASTER_HOST_PLACEHOLDER = "${MASTER_HOST}";

  /** The hash of the certificate a TLS app's Sentinels serve; a renewal changes it. */
  static final String CERTIFICATE_ANNOTATION = "mooring.io/tls-certificate";

  static final int DOWN_AFTER_MILLISECONDS = 5000;
  static final int FAILOVER_TIMEOUT_MILLISECONDS = 30000;

  private final RedisContext context;
  private final RedisTlsModel tls;

  SentinelModel(RedisContext context) {
    this.context = context;
    this.tls = new RedisTlsModel(context);
  }

  Map<String, String> data() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(SENTINEL_CONF, sentinelConf());
    data.put(
        START_SCRIPT,
        RedisScripts.render("sentinel-start.sh", RedisScripts.values(context), tls.cliArgs()));
    data.putAll(new RedisAclModel(context).internalUsersFile(true));
    return data;
  }

  ConfigMap generateConfigMap() {
    return new ConfigMapBuilder()
        .withMetadata(
            context.meta(context.names().sentinelConfig(), RedisContext.COMPONENT_SENTINEL))
        .withData(data())
        .build();
  }

  Service generateService() {
    return context
        .service(
            context.names().sentinel(),
            RedisContext.COMPONENT_SENTINEL,
            "ClusterIP",
            "sentinel",
            RedisPorts.SENTINEL)
        .build();
  }

  PodDisruptionBudget generateDisruptionBudget() {
    return DisruptionBudgets.oneAtATime(
        context.meta(context.names().sentinel(), RedisContext.COMPONENT_SENTINEL),
        context.selector(RedisContext.COMPONENT_SENTINEL));
  }

  /**
   * The Sentinels, rolled one at a time when {@code certificatePem} (the certificate of a TLS app)
   * changes: unlike Redis, a Sentinel cannot be told to read its certificate files again.
   */
  Deployment generateDeployment(Optional<String> certificatePem) {
    Map<String, String> selector = context.selector(RedisContext.COMPONENT_SENTINEL);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(MooringLabels.CONFIG_HASH_ANNOTATION, ConfigHash.of(data()));
    certificatePem.ifPresent(
        pem -> annotations.put(CERTIFICATE_ANNOTATION, ConfigHash.of(Map.of("tls.crt", pem))));
    return new DeploymentBuilder()
        .withMetadata(context.meta(context.names().sentinel(), RedisContext.COMPONENT_SENTINEL))
        .withNewSpec()
        .withReplicas(RedisContext.SENTINELS)
        // No surge: a fourth Sentinel would linger in the others' memory after it leaves and raise
        // the
        // number of votes a failover needs.
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(new IntOrString(0))
        .withMaxUnavailable(new IntOrString(1))
        .endRollingUpdate()
        .endStrategy()
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(context.labels(RedisContext.COMPONENT_SENTINEL))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withImagePullSecrets(context.options().images().pullSecretReferences())
        .withAffinity(SoftAntiAffinity.onHostname(selector))
        .withNewSecurityContext()
        .withRunAsUser(RedisServerModel.REDIS_UID)
        .withRunAsGroup(RedisServerModel.REDIS_UID)
        .withRunAsNonRoot(true)
        // The certificate's key is readable by this group only.
        .withFsGroup(tls.enabled() ? RedisServerModel.REDIS_UID : null)
        .endSecurityContext()
        .addNewContainer()
        .withName("sentinel")
        .withImage(context.options().images().sentinel().reference())
        .withCommand("sh", MOUNT_PATH + "/" + START_SCRIPT)
        .withEnv(env())
        .addNewPort()
        .withName("sentinel")
        .withContainerPort(RedisPorts.SENTINEL)
        .endPort()
        .withResources(PodResources.of("25m", "100m", "64Mi", "64Mi"))
        .withLivenessProbe(RedisProbes.ping(tls.cliArgs(), RedisPorts.SENTINEL, "PONG", 60, 10, 6))
        .withReadinessProbe(
            SentinelReadiness.probe(
                tls.cliArgs(), context.names().masterName(), RedisContext.SENTINELS - 1))
        .withVolumeMounts(mounts())
        .endContainer()
        .addAllToVolumes(tls.enabled() ? List.of(tls.volume()) : List.of())
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName(context.names().sentinelConfig())
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("work")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
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
    mounts.add(new VolumeMountBuilder().withName("work").withMountPath(WORK_PATH).build());
    if (tls.enabled()) {
      mounts.add(RedisTlsModel.mount());
    }
    return mounts;
  }

  private List<EnvVar> env() {
    List<EnvVar> env = new ArrayList<>();
    env.add(RedisContext.podNameEnv());
    // A Deployment's pods have no stable DNS names: each Sentinel announces its pod IP.
    env.add(
        new EnvVarBuilder()
            .withName("POD_IP")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("status.podIP")
            .endFieldRef()
            .endValueFrom()
            .build());
    env.addAll(context.passwordEnv());
    env.addAll(
        context.internalUserEnv(
            List.of(
                RedisInternalUsers.SENTINEL,
                RedisInternalUsers.EXPORTER,
                RedisInternalUsers.OPERATOR)));
    if (context.spec().authEnabled()) {
      // The users that live on a Sentinel (the app's default one and those of Mooring's that log in
      // to it) with every password a rotation has in flight; auth-pass and sentinel-pass read the
      // current ones only.
      String secret = context.names().authSecret();
      env.addAll(RedisRotationEnv.defaultUser(secret));
      env.addAll(
          RedisRotationEnv.internalUsers(
              RedisInternalUsers.ALL.stream().filter(RedisInternalUser::onSentinels).toList(),
              secret));
    }
    return env;
  }

  private String sentinelConf() {
    String master = context.names().masterName();
    StringBuilder conf = new StringBuilder();
    conf.append("# Sentinels of ")
        .append(context.names().redis())
        .append(". The start script replaces ")
        .append(MASTER_HOST_PLACEHOLDER)
        .append(
            " with the current master and\n# appends this pod's id, address and the password from the Secret.\n");
    conf.append("bind * -::*\n");
    if (tls.enabled()) {
      conf.append(tls.sentinelConf());
    } else {
      conf.append("port ").append(RedisPorts.SENTINEL).append('\n');
    }
    conf.append("protected-mode no\n");
    // Redis pods are known by their stable DNS names, never by IPs that change on rescheduling.
    conf.append("sentinel resolve-hostnames yes\n");
    conf.append("sentinel announce-hostnames yes\n");
    conf.append("sentinel monitor ")
        .append(master)
        .append(' ')
        .append(MASTER_HOST_PLACEHOLDER)
        .append(' ')
        .append(RedisPorts.REDIS)
        .append(' ')
        .append(RedisContext.quorum())
        .append('\n');
    conf.append("sentinel down-after-milliseconds ")
        .append(master)
        .append(' ')
        .append(DOWN_AFTER_MILLISECONDS)
        .append('\n');
    conf.append("sentinel failover-timeout ")
        .append(master)
        .append(' ')
        .append(FAILOVER_TIMEOUT_MILLISECONDS)
        .append('\n');
    conf.append("sentinel parallel-syncs ").append(master).append(" 1\n");
    return conf.toString();
  }
}
