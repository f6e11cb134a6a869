package io.mooring.core.render.rediscluster;

import static org.awaitility.Awaitility.await;

import io.mooring.core.reconcile.ClusterSettlement;
import io.mooring.core.reconcile.RedisClusterShape;
import io.mooring.core.redis.RedisLogin;
import io.mooring.core.rediscluster.ClusterListener;
import io.mooring.core.rediscluster.InMemoryProgressStore;
import io.mooring.core.rediscluster.LettuceNodeCommands;
import io.mooring.core.rediscluster.NodeAddress;
import io.mooring.core.rediscluster.RedisClusterOrchestration;
import io.mooring.core.spec.RedisClusterSpec;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Mooring's orchestration arranges a {@link LoopbackRedisCluster} as it arranges the pods. */
final class ClusterArrangement {
  private ClusterArrangement() {}

  /**
   * Meets the nodes, assigns the slots and the replicas until the orchestration says the cluster is
   * settled, logged in to each node with the first of {@code logins} it accepts.
   */
  static void settle(LoopbackRedisCluster cluster, RedisClusterSpec spec, List<RedisLogin> logins) {
    int perShard = spec.nodesPerShard();
    RedisClusterOrchestration orchestration =
        new RedisClusterOrchestration(
            (app, shard, ordinal) ->
                new NodeAddress(cluster.address(shard * perShard + ordinal), cluster.port),
            app -> cluster.password().toCharArray(),
            (app, password) ->
                new LettuceNodeCommands(logins, Duration.ofSeconds(5), Optional.empty()),
            new InMemoryProgressStore(),
            new ClusterListener() {},
            Duration.ofSeconds(30),
            Duration.ofMillis(100));
    RedisClusterShape shape =
        new RedisClusterShape(
            spec.masters(), perShard - 1, Collections.nCopies(spec.masters(), perShard));
    await("Mooring's orchestration settles the cluster")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                orchestration.podsReady(spec.ref(), shape).state()
                    == ClusterSettlement.State.SETTLED);
  }
}
