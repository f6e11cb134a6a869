package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.health.Health;
import io.mooring.core.health.HealthStatus;
import io.mooring.core.health.ObjectHealth;
import io.mooring.core.kube.Applier;
import io.mooring.core.kube.ClusterCache;
import io.mooring.core.plan.LeavingShards;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.spec.RedisClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a Redis Cluster app's objects are applied and its pods ready: hands the cluster's shape to
 * the {@link RedisClusterHook}, deletes the leaving shards' StatefulSets the cluster has let go
 * (their prune was held by {@link LeavingShards}), and tells the outcome in the app's result.
 */
final class RedisClusters {
  private static final Logger LOG = LoggerFactory.getLogger(RedisClusters.class);

  private final RedisClusterHook hook;
  private final ClusterCache cache;
  private final Applier applier;
  private final Consumer<ObjectAction> onApplied;

  RedisClusters(
      RedisClusterHook hook,
      ClusterCache cache,
      Applier applier,
      Consumer<ObjectAction> onApplied) {
    this.hook = hook;
    this.cache = cache;
    this.applier = applier;
    this.onApplied = onApplied;
  }

  /**
   * Returns the app's result with the cluster's outcome in it.
   *
   * @param leaving shard StatefulSets the spec no longer has, whose prune waits for the cluster
   */
  AppResult after(RedisClusterSpec spec, AppResult result, List<StatefulSet> leaving) {
    if (!(result instanceof AppResult.Synced synced)) {
      return result;
    }
    List<HasMetadata> live = cache.liveObjects(spec.ref());
    // Slots are moved between servers that run: a pod still starting cannot take part.
    if (Health.overall(Health.ofAll(live)) != HealthStatus.HEALTHY) {
      LOG.info("{}: the cluster actions wait until the app's pods are ready", spec.ref());
      return result;
    }
    ClusterSettlement settlement;
    try {
      settlement = hook.podsReady(spec.ref(), shape(spec, live));
    } catch (RuntimeException e) {
      return new AppResult.Failed(
          spec.ref(), "Redis Cluster actions: " + e.getMessage(), result.changes());
    }
    List<ObjectAction> changes = new ArrayList<>(result.changes());
    for (StatefulSet set : leaving) {
      if (!LeavingShards.released(set, settlement.podsMayGo())) {
        continue;
      }
      try {
        applier.delete(set);
      } catch (RuntimeException e) {
        return new AppResult.Failed(
            spec.ref(),
            "deleting the left shard's StatefulSet "
                + set.getMetadata().getName()
                + ": "
                + e.getMessage(),
            changes);
      }
      ObjectAction prune = new ObjectAction.Prune(set);
      onApplied.accept(prune);
      changes.add(prune);
    }
    return switch (settlement.state()) {
      case SETTLED -> new AppResult.Synced(spec.ref(), changes, synced.health(), synced.objects());
      case IN_PROGRESS -> withLine(synced, changes, HealthStatus.PROGRESSING, settlement.line());
      case BLOCKED -> new AppResult.Blocked(spec.ref(), List.of(settlement.line()), changes, false);
      case DEGRADED -> new AppResult.Failed(spec.ref(), settlement.line(), changes);
    };
  }

  private static AppResult.Synced withLine(
      AppResult.Synced synced, List<ObjectAction> changes, HealthStatus health, String line) {
    List<ObjectHealth> objects = new ArrayList<>(synced.objects());
    objects.add(
        new ObjectHealth(
            new ObjectKey("RedisCluster", synced.app().namespace(), synced.app().name()),
            health,
            line));
    return new AppResult.Synced(synced.app(), changes, synced.health().worse(health), objects);
  }

  /** The pods each shard's StatefulSet runs now, leaving shards included. */
  static RedisClusterShape shape(RedisClusterSpec spec, List<HasMetadata> live) {
    List<Integer> pods = new ArrayList<>();
    for (HasMetadata object : live) {
      int shard = LeavingShards.shardOf(spec.ref(), object);
      if (shard < 0) {
        continue;
      }
      while (pods.size() <= shard) {
        pods.add(0);
      }
      StatefulSet set = (StatefulSet) object;
      Integer replicas = set.getSpec() == null ? null : set.getSpec().getReplicas();
      pods.set(shard, replicas == null ? 1 : replicas);
    }
    return new RedisClusterShape(spec.masters(), spec.replicasPerMaster(), pods);
  }
}
