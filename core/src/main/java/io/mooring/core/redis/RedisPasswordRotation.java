package io.mooring.core.redis;

import io.mooring.core.redisops.RotationPlanner;
import io.mooring.core.redisops.RotationRecord;
import io.mooring.core.render.common.PasswordGenerator;
import io.mooring.core.render.redis.RedisInternalUsers;
import io.mooring.core.spec.PasswordRotation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Rotates the password of a Redis app's default user (or of one of its ACL users) without a failed
 * login, with ACL dual passwords: the new password is kept in the Secret first, added on every
 * Redis pod and Sentinel (both log in), then the Sentinels' peer password ({@code sentinel-pass})
 * moves to it and the Secret names it current, the old one kept as previous; replication and the
 * Sentinels' logins to the Redis pods use Mooring's own users and are not touched (only servers
 * started before those users existed still get {@code masterauth} and {@code auth-pass}); after the
 * overlap the old one is removed everywhere. Another user's rotation has no replication or Sentinel
 * step: its password is only the Redis pods' concern. Each step is recorded after its work is done
 * and can be taken again, so the rotation resumes where it stopped.
 */
public final class RedisPasswordRotation {
  /** The Secret keys of the password's three states. */
  public record Keys(String secret, String current, String next, String previous) {}

  /** Where the rotation keeps what it must not lose: its record and the Secret. */
  public interface Store {
    Optional<RotationRecord> record();

    void record(RotationRecord record);

    Optional<String> value(String secret, String key);

    /** Writes the given keys of {@code secret}; an empty value removes the key. */
    void write(String secret, Map<String, Optional<String>> values);
  }

  /**
   * Whose password rotates, and how Mooring logs in to rotate it.
   *
   * @param user the ACL user; {@link #DEFAULT_USER}'s password is also replication's and the
   *     Sentinels', so its rotation moves those too
   * @param login the Secret keys whose values log in as the default user: the rotated ones for the
   *     default user, the auth Secret's for another user
   * @param tls how to reach servers that speak TLS only; empty for plain RESP
   */
  public record Credential(String user, Keys login, Optional<RedisTlsClient> tls) {
    public static final String DEFAULT_USER = "default";

    /** The default user's password, over plain RESP. */
    public static Credential defaultUser(Keys keys) {
      return new Credential(DEFAULT_USER, keys, Optional.empty());
    }

    boolean replication() {
      return DEFAULT_USER.equals(user);
    }
  }

  private final Store store;
  private final Keys keys;
  private final Credential credential;
  private final List<RedisAclSync.Server> redis;
  private final List<RedisAclSync.Server> sentinels;
  private final String masterName;
  private final PasswordGenerator passwords;
  private final Clock clock;
  private final Duration timeout;

  /** The default user's password, over plain RESP. */
  public RedisPasswordRotation(
      Store store,
      Keys keys,
      List<RedisAclSync.Server> redis,
      List<RedisAclSync.Server> sentinels,
      String masterName,
      PasswordGenerator passwords,
      Clock clock,
      Duration timeout) {
    this(
        store,
        keys,
        Credential.defaultUser(keys),
        redis,
        sentinels,
        masterName,
        passwords,
        clock,
        timeout);
  }

  /**
   * @param sentinels the Sentinels; only the default user's rotation reaches them
   */
  public RedisPasswordRotation(
      Store store,
      Keys keys,
      Credential credential,
      List<RedisAclSync.Server> redis,
      List<RedisAclSync.Server> sentinels,
      String masterName,
      PasswordGenerator passwords,
      Clock clock,
      Duration timeout) {
    this.store = store;
    this.keys = keys;
    this.credential = credential;
    this.redis = List.copyOf(redis);
    this.sentinels = credential.replication() ? List.copyOf(sentinels) : List.of();
    this.masterName = masterName;
    this.passwords = passwords;
    this.clock = clock;
    this.timeout = timeout;
  }

  /**
   * Takes every step that is due now; returns the step it stopped at ({@link
   * RotationPlanner.Step.Idle} or {@link RotationPlanner.Step.Overlap}). A server that refuses
   * stops the rotation with the server named; the next call resumes it.
   */
  public RotationPlanner.Step run(Optional<String> requested, PasswordRotation policy) {
    return run(requested, policy, false);
  }

  /**
   * As {@link #run(Optional, PasswordRotation)}, for a password that may have been in use before
   * this sync ({@link RotationPlanner#next(Optional, Optional, PasswordRotation, java.time.Instant,
   * boolean)}).
   */
  public RotationPlanner.Step run(
      Optional<String> requested, PasswordRotation policy, boolean existedBefore) {
    return RotationPlanner.drive(
        store::record, requested, policy, clock, existedBefore, this::take);
  }

  private void take(RotationPlanner.Step step, Optional<RotationRecord> recorded) {
    if (step instanceof RotationPlanner.Step.Remember remember) {
      store.record(remember.record());
    } else if (step instanceof RotationPlanner.Step.Prepare prepare) {
      if (value(keys.next()).isEmpty()) {
        store.write(
            keys.secret(),
            Map.of(keys.next(), Optional.of(passwords.generate(keys.secret() + "/next"))));
      }
      store.record(recorded.orElseThrow().start(prepare.request(), clock.instant()));
    } else if (step instanceof RotationPlanner.Step.AddNew) {
      String next = value(keys.next()).orElseThrow(() -> lost("AddNew"));
      List<String> both = new ArrayList<>();
      value(keys.current()).ifPresent(both::add);
      both.add(next);
      everywhere(userPasswords(both));
      store.record(recorded.orElseThrow().advance(RotationRecord.Phase.ADDED, clock.instant()));
    } else if (step instanceof RotationPlanner.Step.Switch) {
      // After a crash between writing the Secret and recording it, the new one is current.
      Optional<String> next = value(keys.next());
      String fresh = next.orElseGet(() -> value(keys.current()).orElseThrow(() -> lost("Switch")));
      Optional<String> old = next.isPresent() ? value(keys.current()) : value(keys.previous());
      Map<String, Optional<String>> values = new LinkedHashMap<>();
      values.put(keys.current(), Optional.of(fresh));
      values.put(keys.previous(), old);
      values.put(keys.next(), Optional.empty());
      // The Secret first: a Sentinel that starts from now on logs in with the new password, and
      // one that started before is running when the consumers move (or, down then, fails this
      // step, which the next sync takes again).
      store.write(keys.secret(), values);
      pointConsumers(fresh);
      store.record(recorded.orElseThrow().advance(RotationRecord.Phase.SWITCHED, clock.instant()));
    } else if (step instanceof RotationPlanner.Step.DropOld) {
      String current = value(keys.current()).orElseThrow(() -> lost("DropOld"));
      // The Secret first: a server that starts from now on takes the current password only, and
      // one that started before is set below.
      store.write(keys.secret(), Map.of(keys.previous(), Optional.empty()));
      everywhere(userPasswords(List.of(current)));
      store.record(recorded.orElseThrow().finish(clock.instant()));
    }
  }

  /**
   * Whoever logs in with the default user's password moves to {@code fresh}, live: the Sentinels
   * one another ({@code sentinel-pass}), and replication and the Sentinels' logins to the pods on
   * servers started before Mooring's own users. Nothing for another user.
   */
  private void pointConsumers(String fresh) {
    if (credential.replication()) {
      // Replication and the Sentinels log in as their own users on servers started with them;
      // only servers started before those users existed still use the app's password.
      on(
          redis,
          "CONFIG SET masterauth",
          server -> {
            if (!ownReplicationUser(server)) {
              server.call("CONFIG", "SET", "masterauth", fresh);
            }
          });
      on(
          sentinels,
          "SENTINEL SET auth-pass",
          sentinel -> {
            if (!startedWithOwnUsers(sentinel)) {
              sentinel.call("SENTINEL", "SET", masterName, "auth-pass", fresh);
            }
          });
      // Sentinels log in to each other with the password they require: the app's.
      on(sentinels, List.of("SENTINEL", "CONFIG", "SET", "sentinel-pass", fresh));
    }
  }

  private Optional<String> value(String key) {
    return store.value(keys.secret(), key);
  }

  private IllegalStateException lost(String step) {
    return new IllegalStateException(
        "the new password is not in Secret "
            + keys.secret()
            + " at step "
            + step
            + "; the rotation cannot go on without it");
  }

  /**
   * Exactly these passwords for the user, as hashes: the same command whatever the server had, so a
   * step taken again (or on a pod that restarted meanwhile) does the same, and an error reply can
   * only ever repeat a hash. The user's rules are left as they are.
   */
  private List<String> userPasswords(List<String> passwords) {
    List<String> command =
        new ArrayList<>(List.of("ACL", "SETUSER", credential.user(), "resetpass"));
    passwords.forEach(password -> command.add("#" + AclUserCommands.sha256(password)));
    return command;
  }

  private void everywhere(List<String> command) {
    on(redis, command);
    on(sentinels, command);
  }

  /** A replica that logs in to its master as replication's own user ({@code masteruser}). */
  private static boolean ownReplicationUser(RedisConnection server) {
    String[] reply = server.call("CONFIG", "GET", "masteruser").split("\n", -1);
    return reply.length > 1 && !reply[1].isEmpty();
  }

  /**
   * A Sentinel started with Mooring's own users, and so with its own user on the Redis pods ({@code
   * auth-user}): both come from the same start script.
   */
  private static boolean startedWithOwnUsers(RedisConnection sentinel) {
    return List.of(sentinel.call("ACL", "USERS").split("\n", -1))
        .contains(RedisInternalUsers.OPERATOR.name());
  }

  /** On every server, logged in with whichever of the Secret's passwords it takes. */
  private void on(List<RedisAclSync.Server> servers, List<String> command) {
    on(
        servers,
        command.get(0) + " " + command.get(1),
        connection -> connection.call(command.toArray(String[]::new)));
  }

  private void on(
      List<RedisAclSync.Server> servers, String what, Consumer<RedisConnection> action) {
    OnEveryServer.run("password rotation", what, servers, this::login, action);
  }

  /**
   * As Mooring's operator user, whose password this rotation never changes, else as the default
   * user with whichever of the app's passwords the server takes (a server started before the
   * operator user existed).
   */
  private RedisConnection login(RedisAclSync.Server server) {
    Keys login = credential.login();
    List<RedisLogin> logins = new ArrayList<>();
    store
        .value(login.secret(), RedisInternalUsers.OPERATOR.secretKey())
        .ifPresent(
            password -> logins.add(new RedisLogin(RedisInternalUsers.OPERATOR.name(), password)));
    for (String key : List.of(login.current(), login.next(), login.previous())) {
      store
          .value(login.secret(), key)
          .ifPresent(password -> logins.add(RedisLogin.defaultUser(password)));
    }
    if (logins.isEmpty()) {
      throw new IllegalStateException("no password in " + login.secret());
    }
    return RedisConnection.open(server.host(), server.port(), logins, timeout, credential.tls());
  }
}
