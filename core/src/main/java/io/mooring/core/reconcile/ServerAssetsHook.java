package io.mooring.core.reconcile;

import io.mooring.core.spec.NatsSpec;

/**
 * Brings what an app's servers keep themselves (NATS: JetStream streams, consumers and key-value
 * buckets) to what its spec declares, once the app's pods are ready. Called on every sync of an app
 * that declares such assets; observe mode only reads. A failure (the servers cannot be reached, a
 * request was refused) is thrown, with a message that says what could not be done.
 */
@FunctionalInterface
public interface ServerAssetsHook {
  /**
   * For a reconciler with no way to reach the servers (e.g. run from outside the cluster): the app
   * fails with that reason until a reconciler with a real hook (the daemon) syncs it.
   */
  ServerAssetsHook NOT_CONFIGURED =
      (spec, apply) -> {
        throw new IllegalStateException(
            "this reconciler has no way to reach the servers; the daemon keeps the JetStream"
                + " assets");
      };

  /**
   * Compares the servers' assets with the spec's and, when {@code apply}, changes them.
   *
   * @return the changes made (or, without {@code apply}, to be made) and those refused
   */
  AssetSync sync(NatsSpec spec, boolean apply);
}
