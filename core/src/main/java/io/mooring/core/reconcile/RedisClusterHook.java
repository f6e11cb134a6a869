package io.mooring.core.reconcile;

import io.mooring.core.spec.AppRef;
import java.util.List;

/**
 * Told, after a Redis Cluster app's pods are ready, to bring the cluster the servers keep among
 * themselves (slots, replicas, members) to the spec's shape. Called on every sync of the app, so it
 * must resume whatever a previous call (by this Mooring or another) left half-done.
 */
@FunctionalInterface
public interface RedisClusterHook {
  /**
   * For a reconciler with no way to reach the servers (e.g. the CLI run from outside the cluster):
   * the objects are applied, and the daemon arranges the cluster.
   */
  RedisClusterHook NOT_CONFIGURED =
      (app, shape) ->
          new ClusterSettlement(
              ClusterSettlement.State.IN_PROGRESS,
              "this reconciler has no way to reach the Redis nodes; the daemon arranges the"
                  + " cluster",
              List.of());

  ClusterSettlement podsReady(AppRef app, RedisClusterShape shape);
}
