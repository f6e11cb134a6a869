package io.mooring.core.redis;

import io.mooring.core.reconcile.MigrationHook;
import io.mooring.core.reconcile.MigrationHook.Progress;
import io.mooring.core.reconcile.MigrationHook.ProgressRecord;
import io.mooring.core.spec.RedisDataSource.Migration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Migration by replication, as a state machine whose state is recorded outside the servers (on the
 * app's StatefulSet, {@value MigrationHook#ANNOTATION}) so that a restarted Mooring continues where
 * it was and never repeats a step: the new master replicates from the source (its credentials set
 * at runtime with CONFIG SET, never written to a file), Mooring waits until the server reports the
 * initial sync done, the link up and the source's offset reached, then promotes it with {@code
 * REPLICAOF NO ONE}. Once promotion is recorded as begun, the source is never followed again: a
 * second {@code REPLICAOF} would throw away what was written to the new master since.
 */
public final class ReplicationMigration {
  /** The recorded progress: {@code replicating}, {@code promoting}, {@code done}. */
  public enum State {
    REPLICATING,
    PROMOTING,
    DONE;

    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<State> of(String value) {
      for (State state : values()) {
        if (state.value().equals(value)) {
          return Optional.of(state);
        }
      }
      return Optional.empty();
    }
  }

  private final Migration source;
  private final Supplier<RedisConnection> target;
  private final Supplier<RedisConnection> sourceConnection;
  private final String ownPassword;

  /**
   * Migration onto one new master.
   *
   * @param target opens a connection to the new master
   * @param sourceConnection opens a connection to the source, with the migration's credentials
   * @param ownPassword the app's own password, which its replicas use to follow the new master once
   *     it is promoted; null without authentication
   */
  public ReplicationMigration(
      Migration source,
      Supplier<RedisConnection> target,
      Supplier<RedisConnection> sourceConnection,
      String ownPassword) {
    this.source = source;
    this.target = target;
    this.sourceConnection = sourceConnection;
    this.ownPassword = ownPassword;
  }

  /** Takes the next step the recorded state allows; called again until it reports done. */
  public Progress advance(ProgressRecord record) {
    State state = record.read().flatMap(State::of).orElse(null);
    if (state == State.DONE) {
      return new Progress(true, "migration from " + where() + " is done");
    }
    if (state == null) {
      follow();
      record.write(State.REPLICATING.value());
      return new Progress(false, "replicating from " + where() + ": initial sync started");
    }
    if (state == State.REPLICATING) {
      String waiting = caughtUp();
      if (waiting != null) {
        return new Progress(false, waiting);
      }
      record.write(State.PROMOTING.value());
    }
    promote();
    record.write(State.DONE.value());
    return new Progress(true, "migration from " + where() + " is done: promoted to master");
  }

  private void follow() {
    try (RedisConnection server = target.get()) {
      server.call(
          "CONFIG", "SET", "masteruser", source.username() == null ? "" : source.username());
      server.call(
          "CONFIG", "SET", "masterauth", source.password() == null ? "" : source.password());
      server.call("REPLICAOF", source.host(), Integer.toString(source.port()));
    }
  }

  /** Null when the new master holds everything the source had a moment ago. */
  private String caughtUp() {
    ReplicationInfo replica;
    try (RedisConnection server = target.get()) {
      replica = ReplicationInfo.parse(server.call("INFO", "replication"));
    }
    if ("master".equals(replica.role())) {
      // Restarted before promotion, it came back on its own: it follows the source again.
      follow();
      return "replicating from " + where() + ": the new master restarted, initial sync again";
    }
    if (!replica.linkUp() || replica.syncInProgress()) {
      return "replicating from " + where() + ": initial sync in progress";
    }
    long sourceOffset;
    try (RedisConnection server = sourceConnection.get()) {
      sourceOffset = ReplicationInfo.parse(server.call("INFO", "replication")).masterOffset();
    }
    try (RedisConnection server = target.get()) {
      replica = ReplicationInfo.parse(server.call("INFO", "replication"));
    }
    if (!replica.linkUp() || replica.offset() < sourceOffset) {
      return "replicating from "
          + where()
          + ": "
          + Math.max(0, sourceOffset - replica.offset())
          + " bytes behind";
    }
    return null;
  }

  private void promote() {
    try (RedisConnection server = target.get()) {
      server.call("REPLICAOF", "NO", "ONE");
      // The source's credentials give way to the app's own, as its start script sets them.
      server.call("CONFIG", "SET", "masteruser", "");
      server.call("CONFIG", "SET", "masterauth", ownPassword == null ? "" : ownPassword);
    }
  }

  private String where() {
    return source.host() + ":" + source.port();
  }
}
