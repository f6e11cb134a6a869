package io.mooring.core.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.kube.Applier;
import io.mooring.core.reconcile.PodRollHook;
import io.mooring.core.redisops.ClusterShardRoll;
import io.mooring.core.redisops.RollStep;
import io.mooring.core.render.redis.RedisPorts;
import io.mooring.core.render.rediscluster.RedisClusterNames;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.RedisClusterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls one shard StatefulSet of a Redis Cluster app in the cluster: pods read and deleted through
 * the API server, the servers reached by their stable DNS names and logged into as Mooring's
 * operator user from the live auth Secret (see {@link RedisLogins}; over TLS with the CA of the
 * live certificate Secret when the app serves TLS), and the step in flight kept as an annotation on
 * that shard's StatefulSet. The reconciler hands the shards over one after the other, so one shard
 * rolls at a time.
 */
public final class KubernetesClusterShardRoll implements PodRollHook {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesClusterShardRoll.class);

  private final KubernetesClient client;
  private final Applier applier;
  private final Function<ObjectKey, HasMetadata> liveObjects;
  private final String clusterDomain;
  private final Duration bound;

  /**
   * @param liveObjects the live object with a key, or null (the cluster cache's {@code get})
   * @param bound how long one step (a restarted pod, a failover) may take to become healthy
   */
  public KubernetesClusterShardRoll(
      KubernetesClient client,
      Applier applier,
      Function<ObjectKey, HasMetadata> liveObjects,
      String clusterDomain,
      Duration bound) {
    this.client = client;
    this.applier = applier;
    this.liveObjects = liveObjects;
    this.clusterDomain = clusterDomain;
    this.bound = bound;
  }

  @Override
  public void roll(AppSpec spec, StatefulSet live) {
    if (!(spec instanceof RedisClusterSpec cluster)) {
      throw new IllegalArgumentException(spec.ref() + " is not a Redis Cluster app");
    }
    RedisClusterNames names = new RedisClusterNames(spec.ref(), clusterDomain);
    // Before any node restarts: a node of the new template replicates as Mooring's replication
    // user, which nodes started before that user existed must know first.
    new KubernetesAclUsers(liveObjects, clusterDomain, Duration.ofSeconds(5))
        .addClusterInternalUsers(cluster);
    ClusterShardRoll roll =
        new ClusterShardRoll(
            new StatefulSetRollPods(client, applier, live),
            access(names),
            Clock.systemUTC(),
            bound,
            Duration.ofSeconds(1),
            cluster.engine().version());
    RollStep outcome;
    try {
      outcome = roll.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted; the roll resumes on the next sync", e);
    }
    if (outcome instanceof RollStep.Degraded degraded) {
      throw new IllegalStateException("pod " + degraded.pod() + ": " + degraded.reason());
    }
    if (outcome instanceof RollStep.Refused refused) {
      throw new IllegalStateException(refused.reason());
    }
    LOG.info(
        "{}: every pod of {} runs the current template", spec.ref(), live.getMetadata().getName());
  }

  private SetAccess access(RedisClusterNames names) {
    String suffix = "." + names.headlessDomain();
    return new SetAccess(
        pod -> pod + suffix,
        address -> Optional.empty(),
        List.of(),
        RedisPorts.REDIS,
        RedisPorts.SENTINEL,
        RedisLogins.fromAuthSecret(
            liveObjects.apply(new ObjectKey("Secret", names.namespace(), names.authSecret()))),
        Duration.ofSeconds(5),
        RedisAppTls.caPem(liveObjects, names.namespace(), names.tlsSecret())
            .map(RedisTlsClient::trusting));
  }
}
