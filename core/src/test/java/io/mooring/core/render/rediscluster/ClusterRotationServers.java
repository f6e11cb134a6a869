package io.mooring.core.render.rediscluster;

import io.mooring.core.redis.RedisAclSync;
import io.mooring.core.redis.RotationServers;
import io.mooring.core.render.redis.RedisNames;
import java.util.List;

/**
 * The servers a rotation of a Redis Cluster reaches, as a test gives them: a cluster has neither a
 * Sentinel group's pods nor Sentinels, so a rotation that asks for them fails the test.
 */
public final class ClusterRotationServers implements RotationServers {
  /** The nodes of a cluster of {@code masters} shards of {@code nodesPerShard} nodes each. */
  @FunctionalInterface
  public interface Nodes {
    List<RedisAclSync.Server> of(RedisClusterNames names, int masters, int nodesPerShard);
  }

  private final Nodes nodes;

  public ClusterRotationServers(Nodes nodes) {
    this.nodes = nodes;
  }

  @Override
  public List<RedisAclSync.Server> redis(RedisNames names, int replicas) {
    throw new AssertionError("a cluster has no Sentinel group's pods");
  }

  @Override
  public List<RedisAclSync.Server> sentinels(RedisNames names) {
    throw new AssertionError("a cluster has no Sentinel");
  }

  @Override
  public List<RedisAclSync.Server> clusterNodes(
      RedisClusterNames names, int masters, int nodesPerShard) {
    return nodes.of(names, masters, nodesPerShard);
  }
}
