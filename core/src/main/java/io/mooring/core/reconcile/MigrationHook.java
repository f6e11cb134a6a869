package io.mooring.core.reconcile;

import io.mooring.core.spec.RedisSpec;
import java.util.Optional;

/**
 * Takes the next step of a Redis app's migration by replication after its objects are applied; the
 * progress is recorded by the reconciler on the app's StatefulSet ({@value #ANNOTATION}), so
 * whichever replica runs the next sync continues it. A failure is thrown with a message that says
 * what could not be done, never with a password.
 */
@FunctionalInterface
public interface MigrationHook {
  /** On the app's StatefulSet: how far the migration got. */
  String ANNOTATION = "mooring.io/migration";

  /** The recorded state of a finished migration; nothing is done once it is recorded. */
  String DONE = "done";

  /**
   * For a reconciler with no way to reach the servers (run from outside the cluster): the migration
   * waits, recorded as it is, for the daemon.
   */
  MigrationHook NOT_CONFIGURED =
      (spec, record) ->
          new Progress(false, "the migration is carried out by mooring serve, in the cluster");

  /** Where the progress is kept; a write is durable before the next step is taken. */
  interface ProgressRecord {
    Optional<String> read();

    void write(String state);
  }

  /** What one step did: done, or what the migration waits on. */
  record Progress(boolean done, String message) {}

  Progress advance(RedisSpec spec, ProgressRecord record);
}
