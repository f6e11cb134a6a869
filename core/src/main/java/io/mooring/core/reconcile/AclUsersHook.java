package io.mooring.core.reconcile;

import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisSpec;

/**
 * Brings the ACL users of a Redis app's running servers to its spec ({@code ACL SETUSER} for each
 * spec user, {@code ACL DELUSER} for the others), so that changed rules and removed users take
 * effect without a restart. A failure is thrown with a message naming the server, never a password.
 */
@FunctionalInterface
public interface AclUsersHook {
  /** For a reconciler that cannot reach the servers: the users change when the pods next start. */
  AclUsersHook NOT_CONFIGURED = spec -> {};

  void apply(RedisSpec spec);

  /**
   * As {@link #apply(RedisSpec)} on every node of every shard of a Redis Cluster app; a hook that
   * reaches no server leaves the users to the nodes' next start.
   */
  default void applyCluster(RedisClusterSpec spec) {}
}
