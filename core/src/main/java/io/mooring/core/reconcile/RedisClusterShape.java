package io.mooring.core.reconcile;

import java.util.List;

/**
 * What a Redis Cluster app asks for and what runs: {@code masters} and {@code replicasPerMaster}
 * from the spec, and how many pods each shard's StatefulSet has now (shard {@code i} is {@code
 * <app>-shard-<i>}). Shards past {@code masters} and pods past {@code replicasPerMaster} still run
 * until the cluster has let them go.
 */
public record RedisClusterShape(int masters, int replicasPerMaster, List<Integer> podsPerShard) {
  public RedisClusterShape {
    podsPerShard = List.copyOf(podsPerShard);
  }
}
