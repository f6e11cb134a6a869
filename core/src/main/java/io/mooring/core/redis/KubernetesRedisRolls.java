package io.mooring.core.redis;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.reconcile.PodRollHook;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.RedisClusterSpec;

/**
 * The daemon's roll hook for both Redis kinds: a Redis Cluster shard rolls with a {@code CLUSTER
 * FAILOVER}, a set with Sentinels through its Sentinels.
 */
public final class KubernetesRedisRolls implements PodRollHook {
  private final KubernetesSentinelRoll sentinels;
  private final KubernetesClusterShardRoll shards;

  public KubernetesRedisRolls(KubernetesSentinelRoll sentinels, KubernetesClusterShardRoll shards) {
    this.sentinels = sentinels;
    this.shards = shards;
  }

  @Override
  public void roll(AppSpec spec, StatefulSet live) {
    if (spec instanceof RedisClusterSpec) {
      shards.roll(spec, live);
    } else {
      sentinels.roll(spec, live);
    }
  }
}
