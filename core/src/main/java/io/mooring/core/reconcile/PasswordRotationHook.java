package io.mooring.core.reconcile;

import io.mooring.core.diff.ObjectKey;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisSpec;
import java.util.Set;

/**
 * Takes the steps of a Redis or Redis Cluster app's password rotation that are due (on demand by
 * the spec's {@code mooring.io/rotate-passwords} annotation, or on its schedule), after its objects
 * are applied. The progress is recorded in the cluster, so whichever replica runs the next sync, or
 * a restarted Mooring, resumes it. A failure is thrown with a message naming the server or the
 * Secret, never a password.
 */
@FunctionalInterface
public interface PasswordRotationHook {
  /** For a reconciler that cannot reach the servers (the CLI): no rotation is started. */
  PasswordRotationHook NOT_CONFIGURED = (spec, liveBefore) -> false;

  /**
   * Takes the steps that are due now, for the default user and each generated ACL user.
   *
   * @param liveBefore the app's objects that were live before this sync: a password whose Secret
   *     was among them was in use, so an annotation it first gets now asks for a rotation
   * @return true when a Secret now names a new current password: what is rendered from it (the
   *     connection Secret) must be rendered again
   */
  boolean rotate(RedisSpec spec, Set<ObjectKey> liveBefore);

  /**
   * As {@link #rotate}, on every node of every shard of a Redis Cluster; nothing for a reconciler
   * that cannot reach the servers.
   */
  default boolean rotateCluster(RedisClusterSpec spec, Set<ObjectKey> liveBefore) {
    return false;
  }
}
