package io.mooring.core.reconcile;

import io.mooring.core.spec.AppRef;

/**
 * Makes the running Redis servers of a TLS app serve the certificate its Secret holds, without a
 * restart: after a renewal the Secret's files reach the pods' volume and each server is told to
 * read them again. A failure is thrown with a message that names the servers still serving another
 * certificate; the next sync tries again.
 */
@FunctionalInterface
public interface TlsReloadHook {
  /**
   * For a reconciler with no way to reach the servers (run from outside the cluster): a server
   * takes a renewed certificate when its pod next restarts.
   */
  TlsReloadHook NOT_CONFIGURED = (app, replicas) -> {};

  /**
   * Reloads the certificate on each of the app's servers that serves another one than its Secret.
   *
   * @param replicas how many servers the app runs
   */
  void reload(AppRef app, int replicas);

  /**
   * Reloads the certificate on each node of a Redis Cluster app that serves another one than its
   * Secret; a hook that reaches no server leaves it to the nodes' next restart.
   *
   * @param masters how many shards the cluster runs
   * @param nodesPerShard how many nodes each shard runs (its master and replicas)
   */
  default void reloadCluster(AppRef app, int masters, int nodesPerShard) {}
}
