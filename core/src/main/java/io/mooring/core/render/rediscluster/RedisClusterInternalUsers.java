package io.mooring.core.render.rediscluster;

import io.mooring.core.render.redis.RedisInternalUser;
import io.mooring.core.render.redis.RedisInternalUsers;
import java.util.List;

/**
 * Mooring's own users on the nodes of a Redis Cluster: those of {@link RedisInternalUsers} that a
 * cluster has a job for. There is no Sentinel. The operator moves keys between shards when slots
 * are rebalanced, which {@code MIGRATE} on the source and {@code RESTORE-ASKING} on the target
 * (logged in as the same user) allow only with access to the keys; it still reads and writes no
 * value through any other command.
 */
public final class RedisClusterInternalUsers {
  public static final RedisInternalUser OPERATOR =
      new RedisInternalUser(
          RedisInternalUsers.OPERATOR.name(),
          RedisInternalUsers.OPERATOR.rules() + " +dbsize ~* +migrate +asking +restore-asking",
          "",
          RedisInternalUsers.OPERATOR.secretKey(),
          RedisInternalUsers.OPERATOR.env());

  /** Replicas log in to their master as the replication user; the exporter and probes as its. */
  public static final List<RedisInternalUser> ALL =
      List.of(RedisInternalUsers.REPLICATION, RedisInternalUsers.EXPORTER, OPERATOR);

  private RedisClusterInternalUsers() {}
}
