package io.mooring.core.reconcile;

import io.mooring.core.spec.AppRef;
import java.util.Map;

/**
 * Applies changed server settings to every running server of an app at runtime (Redis: {@code
 * CONFIG SET} on every pod), after the app's ConfigMap took them, so that the servers need no
 * restart. A failure is thrown with a message that says which server refused what.
 */
@FunctionalInterface
public interface LiveSettingsHook {
  /**
   * For a reconciler with no way to reach the servers (run from outside the cluster): the settings
   * reach the servers at their next restart.
   */
  LiveSettingsHook NOT_CONFIGURED =
      (app, replicas, settings) -> {
        throw new IllegalStateException(
            "this reconciler cannot reach the servers: the new settings take effect at their next"
                + " restart (mooring serve applies them at once)");
      };

  /**
   * Sets {@code settings} on each of the app's servers.
   *
   * @param replicas how many servers the app runs
   * @param settings directive → value, as {@code CONFIG SET} takes them
   */
  void apply(AppRef app, int replicas, Map<String, String> settings);
}
