package io.mooring.core.reconcile;

import io.mooring.core.spec.AppRef;

/**
 * Applies the changed settings of a Redis app's config that Redis takes at runtime to every running
 * server ({@code CONFIG SET} on every pod), after the app's ConfigMap took them, so that the
 * servers need no restart. A failure is thrown with a message that says which server refused what.
 */
@FunctionalInterface
public interface LiveSettingsHook {
  /**
   * For a reconciler with no way to reach the servers (run from outside the cluster): the settings
   * reach the servers when their pods next restart.
   */
  LiveSettingsHook NOT_CONFIGURED = (app, replicas, before, after) -> {};

  /**
   * Sets what changed from {@code before} to {@code after} on each of the app's servers.
   *
   * @param replicas how many servers the app runs
   * @param before the redis.conf the servers run with
   * @param after the redis.conf just written
   */
  void apply(AppRef app, int replicas, String before, String after);
}
