package io.mooring.core.reconcile;

import io.mooring.core.spec.AppRef;
import java.util.List;

/**
 * Told, after an app's StatefulSet was scaled down, which servers left it, so that the membership the
 * servers keep among themselves (NATS's JetStream meta group) forgets them. Called again on each later
 * sync of the app until it returns normally, so it must treat a server that is already gone as done.
 * A failure is thrown, with a message that says what could not be done.
 */
@FunctionalInterface
public interface ScaleDownHook {
  /** For engines with no membership to clean up: every departure counts as handled. */
  ScaleDownHook NONE = (app, servers) -> {};

  /** @param servers the departed servers' names (pod names), lowest ordinal first */
  void serversLeft(AppRef app, List<String> servers);
}
