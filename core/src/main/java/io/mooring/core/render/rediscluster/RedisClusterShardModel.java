package io.mooring.core.render.rediscluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.PodResources;
import io.mooring.core.render.common.SoftAntiAffinity;
import io.mooring.core.render.redis.RedisAclFiles;
import io.mooring.core.render.redis.RedisInternalUsers;
import io.mooring.core.render.redis.RedisPorts;
import io.mooring.core.render.redis.RedisProbes;
import io.mooring.core.render.redis.RedisTlsServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The StatefulSet of one shard: its master and {@code replicasPerMaster} replicas, pods {@code
 * <app>-shard-<i>-0} … {@code -<replicasPerMaster>}. One StatefulSet per shard, not one for the
 * whole cluster, because a StatefulSet only removes and rolls its highest ordinals one at a time:
 * with one set, scaling in would delete the last pods whatever shard they serve, and a master could
 * go together with its replicas, losing its slots. Per shard, scaling in removes whole shards once
 * their slots have moved, replicas are added or removed within their shard, and an upgrade can roll
 * one shard at a time.
 */
final class RedisClusterShardModel {
  private static final String DATA_VOLUME = "data";
  private static final String CONFIG_VOLUME = "config";

  /** The uid and gid of the redis user in the official images, as for every Redis pod. */
  private static final long REDIS_UID = 999L;

  private final RedisClusterContext context;
  private final RedisClusterConfigModel config;
  private final RedisClusterTlsModel tls;

  RedisClusterShardModel(RedisClusterContext context, RedisClusterConfigModel config) {
    this.context = context;
    this.config = config;
    this.tls = new RedisClusterTlsModel(context);
  }

  /**
   * With replicas, Mooring rolls a shard's pods itself (replicas, then CLUSTER FAILOVER, then the
   * old master: see {@code ClusterShardRoll}); the controller's rolling update would restart the
   * master like any other pod. A master alone has nobody to hand over to.
   */
  private String updateStrategy() {
    return context.spec().nodesPerShard() > 1 ? "OnDelete" : "RollingUpdate";
  }

  StatefulSet generateStatefulSet(int shard) {
    RedisClusterNames names = context.names();
    Map<String, String> selector = RedisClusterLabels.shard(context.spec().ref(), shard);
    Map<String, String> podLabels = shardLabels(shard);
    return new StatefulSetBuilder()
        .withMetadata(context.shardMeta(names.shard(shard), shard))
        .withNewSpec()
        .withReplicas(context.spec().nodesPerShard())
        .withServiceName(names.headless())
        // Parallel: after a full restart every node comes back at once and the cluster can agree
        // again; OrderedReady would hold the replicas until a master is ready.
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
        .withLabels(podLabels)
        .withAnnotations(Map.of(MooringLabels.CONFIG_HASH_ANNOTATION, config.configHash()))
        .endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(90L)
        .withImagePullSecrets(context.options().images().pullSecretReferences())
        // A master and its replicas prefer different nodes, so one node lost takes one copy.
        .withAffinity(SoftAntiAffinity.onHostname(selector))
        .withNewSecurityContext()
        .withRunAsUser(REDIS_UID)
        .withRunAsGroup(REDIS_UID)
        .withFsGroup(REDIS_UID)
        .withRunAsNonRoot(true)
        .endSecurityContext()
        .withInitContainers(startContainer())
        .withContainers(redisContainer())
        .withVolumes(volumes())
        .endSpec()
        .endTemplate()
        .withVolumeClaimTemplates(dataClaims(shard))
        .endSpec()
        .build();
  }

  private Container startContainer() {
    return new ContainerBuilder()
        .withName("start")
        .withImage(context.redisImage().reference())
        .withCommand(
            "sh", RedisClusterConfigModel.MOUNT_PATH + "/" + RedisClusterConfigModel.START_SCRIPT)
        .withEnv(context.scriptEnv())
        .addAllToEnv(context.internalUserEnv(RedisClusterInternalUsers.ALL))
        .addAllToEnv(
            RedisAclFiles.startEnv(
                context.spec().aclUsers(),
                context.names().authSecret(),
                context.names()::userSecret))
        .withResources(PodResources.of("10m", "100m", "32Mi", "32Mi"))
        .withVolumeMounts(mounts())
        .build();
  }

  private Container redisContainer() {
    String conf = RedisClusterConfigModel.DATA_PATH + "/" + RedisClusterConfigModel.REDIS_CONF;
    return new ContainerBuilder()
        .withName("redis")
        .withImage(context.redisImage().reference())
        .withCommand("redis-server", conf)
        .withEnv(context.scriptEnv())
        .addAllToEnv(context.internalUserEnv(List.of(RedisInternalUsers.EXPORTER)))
        .withPorts(
            RedisClusterContext.port("redis", RedisPorts.REDIS),
            RedisClusterContext.port("cluster-bus", RedisPorts.CLUSTER_BUS))
        .withResources(PodResources.of(context.spec().resources()))
        // Liveness tolerates LOADING: a large AOF takes a while to load and restarting would not
        // help. Readiness is the node answering, not the cluster being ok: slots are assigned only
        // once every node is ready. Both log in as the monitoring user, whose password no rotation
        // of the app's touches.
        .withLivenessProbe(
            RedisProbes.ping(
                tls.cliArgs(),
                RedisInternalUsers.EXPORTER,
                RedisPorts.REDIS,
                "PONG|LOADING",
                30,
                10,
                6))
        .withReadinessProbe(
            RedisProbes.ping(
                tls.cliArgs(), RedisInternalUsers.EXPORTER, RedisPorts.REDIS, "PONG", 5, 5, 3))
        .withVolumeMounts(mounts())
        .addAllToVolumeMounts(tls.enabled() ? List.of(RedisTlsServer.mount()) : List.of())
        .build();
  }

  private List<VolumeMount> mounts() {
    return List.of(
        new VolumeMountBuilder()
            .withName(DATA_VOLUME)
            .withMountPath(RedisClusterConfigModel.DATA_PATH)
            .build(),
        new VolumeMountBuilder()
            .withName(CONFIG_VOLUME)
            .withMountPath(RedisClusterConfigModel.MOUNT_PATH)
            .withReadOnly(true)
            .build());
  }

  private List<Volume> volumes() {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName(CONFIG_VOLUME)
            .withNewConfigMap()
            .withName(context.names().config())
            .endConfigMap()
            .build());
    if (tls.enabled()) {
      volumes.add(RedisTlsServer.volume(context.names().tlsSecret()));
    }
    if (!context.spec().persistence().volume()) {
      // Without persistence the data and nodes.conf live in an emptyDir: a restarted pod comes
      // back as a new, empty node.
      volumes.add(
          new VolumeBuilder().withName(DATA_VOLUME).withNewEmptyDir().endEmptyDir().build());
    }
    return volumes;
  }

  /** The app's labels and the shard's: on the pods and on their volume claims. */
  private Map<String, String> shardLabels(int shard) {
    Map<String, String> labels =
        new LinkedHashMap<>(context.labels(RedisClusterLabels.COMPONENT_REDIS));
    labels.put(RedisClusterLabels.SHARD, Integer.toString(shard));
    return labels;
  }

  private List<PersistentVolumeClaim> dataClaims(int shard) {
    if (!context.spec().persistence().volume()) {
      return List.of();
    }
    PersistentVolumeClaimBuilder claim =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(DATA_VOLUME)
            .withLabels(shardLabels(shard))
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
    return List.of(claim.build());
  }
}
