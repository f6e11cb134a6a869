package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.mooring.core.render.common.DisruptionBudgets;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.PodResources;
import io.mooring.core.render.common.SoftAntiAffinity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Redis pods: StatefulSet with its volumes, the headless and client Services, the disruption
 * budget.
 */
final class RedisServerModel {
  private static final String DATA_VOLUME = "data";
  private static final String CONFIG_VOLUME = "config";

  /**
   * The uid and gid of the redis user in the official images; the data volume is made writable for
   * it.
   */
  static final long REDIS_UID = 999L;

  /** The update strategy of a Redis StatefulSet whose pods Mooring rolls itself. */
  static final String ON_DELETE = "OnDelete";

  private final RedisContext context;
  private final RedisConfigModel config;
  private final RedisTlsModel tls;

  RedisServerModel(RedisContext context, RedisConfigModel config) {
    this.context = context;
    this.config = config;
    this.tls = new RedisTlsModel(context);
  }

  Service generateHeadlessService() {
    // Not-ready pods must resolve too: a starting replica announces its name before it is ready.
    return context
        .service(
            context.names().headless(),
            RedisContext.COMPONENT_REDIS,
            "ClusterIP",
            "redis",
            RedisPorts.REDIS)
        .editSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .endSpec()
        .build();
  }

  /**
   * Every ready Redis pod, for reads; writers use the master Service or ask the Sentinels for the
   * master.
   */
  Service generateClientService() {
    return context
        .service(
            context.names().redis(),
            RedisContext.COMPONENT_REDIS,
            "ClusterIP",
            "redis",
            RedisPorts.REDIS)
        .build();
  }

  PodDisruptionBudget generateDisruptionBudget() {
    return DisruptionBudgets.oneAtATime(
        context.meta(context.names().redis(), RedisContext.COMPONENT_REDIS),
        context.selector(RedisContext.COMPONENT_REDIS));
  }

  StatefulSet generateStatefulSet() {
    RedisNames names = context.names();
    Map<String, String> selector = context.selector(RedisContext.COMPONENT_REDIS);
    return new StatefulSetBuilder()
        .withMetadata(context.meta(names.redis(), RedisContext.COMPONENT_REDIS))
        .withNewSpec()
        .withReplicas(context.spec().replicas())
        .withServiceName(names.headless())
        // Parallel: after a full restart every pod comes back at once, so the Sentinels survey all
        // claimants and pick the newest lineage; OrderedReady would show them a stale pod-0 alone.
        .withPodManagementPolicy("Parallel")
        .withNewUpdateStrategy()
        .withType(updateStrategy())
        .endUpdateStrategy()
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenDeleted("Retain")
        .withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(context.labels(RedisContext.COMPONENT_REDIS))
        .withAnnotations(Map.of(MooringLabels.CONFIG_HASH_ANNOTATION, config.configHash()))
        .endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(90L)
        .withImagePullSecrets(context.options().images().pullSecretReferences())
        .withAffinity(SoftAntiAffinity.onHostname(selector))
        .withNewSecurityContext()
        .withRunAsUser(REDIS_UID)
        .withRunAsGroup(REDIS_UID)
        .withFsGroup(REDIS_UID)
        .withRunAsNonRoot(true)
        .endSecurityContext()
        .withInitContainers(startContainer())
        .withContainers(redisContainer())
        .addNewVolume()
        .withName(CONFIG_VOLUME)
        .withNewConfigMap()
        .withName(names.redisConfig())
        .endConfigMap()
        .endVolume()
        .addAllToVolumes(emptyDataVolume())
        .addAllToVolumes(tls.enabled() ? List.of(tls.volume()) : List.of())
        .endSpec()
        .endTemplate()
        .withVolumeClaimTemplates(dataClaims())
        .endSpec()
        .build();
  }

  /** Without persistence the data lives in an emptyDir: it survives a container restart only. */
  private List<Volume> emptyDataVolume() {
    if (context.spec().persistence().volume()) {
      return List.of();
    }
    return List.of(
        new VolumeBuilder().withName(DATA_VOLUME).withNewEmptyDir().endEmptyDir().build());
  }

  private List<PersistentVolumeClaim> dataClaims() {
    return context.spec().persistence().volume() ? List.of(dataClaim()) : List.of();
  }

  /**
   * With Sentinels, Mooring rolls the pods itself (replicas, then a failover, then the old master:
   * see {@code SentinelRoll}); the controller's rolling update would restart the master like any
   * other pod. A single pod has nobody to hand over to.
   */
  private String updateStrategy() {
    return context.spec().highlyAvailable() ? ON_DELETE : "RollingUpdate";
  }

  private Container startContainer() {
    return new ContainerBuilder()
        .withName("start")
        .withImage(context.serverImage().reference())
        .withCommand("sh", RedisConfigModel.MOUNT_PATH + "/" + RedisConfigModel.START_SCRIPT)
        .withEnv(context.scriptEnv())
        .addAllToEnv(new RedisAclModel(context).startEnv())
        .withResources(PodResources.of("10m", "100m", "32Mi", "32Mi"))
        .withVolumeMounts(mounts())
        .build();
  }

  private Container redisContainer() {
    String conf = RedisConfigModel.DATA_PATH + "/" + RedisConfigModel.REDIS_CONF;
    return new ContainerBuilder()
        .withName("redis")
        .withImage(context.serverImage().reference())
        .withCommand("redis-server", conf)
        .withEnv(context.scriptEnv())
        .addAllToEnv(context.internalUserEnv(List.of(RedisInternalUsers.EXPORTER)))
        .addNewPort()
        .withName("redis")
        .withContainerPort(RedisPorts.REDIS)
        .endPort()
        .withResources(PodResources.of(context.spec().resources()))
        // Liveness tolerates LOADING: a large AOF takes a while to load and restarting would not
        // help.
        .withLivenessProbe(
            RedisProbes.ping(
                tls.cliArgs(), probeUser(), RedisPorts.REDIS, "PONG|LOADING|MASTERDOWN", 30, 10, 6))
        .withReadinessProbe(
            RedisProbes.ping(tls.cliArgs(), probeUser(), RedisPorts.REDIS, "PONG", 5, 5, 3))
        .withNewLifecycle()
        .withNewPreStop()
        .withNewExec()
        .withCommand("sh", RedisConfigModel.MOUNT_PATH + "/" + RedisConfigModel.PRESTOP_SCRIPT)
        .endExec()
        .endPreStop()
        .endLifecycle()
        .withVolumeMounts(mounts())
        .build();
  }

  /**
   * The probes log in as the monitoring user: a rotation of the app's password never fails them.
   */
  private RedisInternalUser probeUser() {
    return context.spec().authEnabled() ? RedisInternalUsers.EXPORTER : null;
  }

  private List<VolumeMount> mounts() {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(
        new VolumeMountBuilder()
            .withName(DATA_VOLUME)
            .withMountPath(RedisConfigModel.DATA_PATH)
            .build());
    mounts.add(
        new VolumeMountBuilder()
            .withName(CONFIG_VOLUME)
            .withMountPath(RedisConfigModel.MOUNT_PATH)
            .withReadOnly(true)
            .build());
    if (tls.enabled()) {
      mounts.add(RedisTlsModel.mount());
    }
    return mounts;
  }

  private PersistentVolumeClaim dataClaim() {
    PersistentVolumeClaimBuilder claim =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(DATA_VOLUME)
            .withLabels(context.labels(RedisContext.COMPONENT_REDIS))
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withNewResources()
            .addToRequests("storage", context.spec().size())
            .endResources()
            .endSpec();
    if (context.spec().hasStorageClass()) {
      claim.editSpec().withStorageClassName(context.spec().storageClass()).endSpec();
    }
    return claim.build();
  }
}
