package io.mooring.core.reconcile;

import io.mooring.core.spec.AppRef;
import java.util.List;

/**
 * Told, after an app's StatefulSet was scaled down, which servers left it, so that the membership
 * the servers keep among themselves (NATS's JetStream meta group) forgets them. Called again on
 * each later sync of the app until it returns normally, so it must treat a server that is already
 * gone as done. A failure is thrown, with a message that says what could not be done.
 */
@FunctionalInterface
public interface ScaleDownHook {
  /**
   * For a reconciler with no way to reach the servers (e.g. run from outside the cluster): the
   * departure stays recorded, and the app failed, until a reconciler with a real hook handles it.
   */
  ScaleDownHook NOT_CONFIGURED =
      (app, servers) -> {
        throw new IllegalStateException(
            "this reconciler has no way to reach the servers; the daemon will deregister them");
      };

  /**
   * Makes the servers' own membership forget the departed servers.
   *
   * @param servers the departed servers' names (pod names), lowest ordinal first
   */
  void serversLeft(AppRef app, List<String> servers);
}
