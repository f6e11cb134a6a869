package io.mooring.core.redis;

import io.mooring.core.redisops.RotationPlanner;
import io.mooring.core.redisops.RotationRecord;
import io.mooring.core.render.common.PasswordGenerator;
import io.mooring.core.render.redis.RedisAuthSecret;
import io.mooring.core.render.redis.RedisInternalUser;
import io.mooring.core.render.redis.RedisInternalUsers;
import io.mooring.core.render.redis.RedisUserSecret;
import io.mooring.core.render.rediscluster.RedisClusterInternalUsers;
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
 * Rotates the passwords of Mooring's own users with the app's rotation request, the two-password
 * way, as one rotation with one record: every new password is drawn and kept in the auth Secret
 * before any server hears of it; then each is added on every Redis pod (and every Sentinel for the
 * users that live there); then replication ({@code masterauth}, {@code masteruser} unchanged) and
 * the Sentinels ({@code auth-pass}) move to the new ones live and the Secret names them current, so
 * Mooring's own logins (which read the Secret) use them from here on; after the overlap the old
 * ones are removed everywhere. A restart mid-rotation resumes with the same new passwords. On a
 * Redis Cluster the same happens on every node of every shard, with no Sentinel to tell. A server
 * that restarts mid-rotation starts with every password the Secret holds for each user at that
 * moment (the start scripts read the next and previous keys too), so it takes whichever its peers
 * use; the consumers it starts log in with the Secret's current ones, which the switch names before
 * it moves the running consumers live.
 *
 * <p>The exporter's user is not among them: its password reaches the Redis pods' probes, the
 * exporter and the master proxy through environment variables, which only a restart renews.
 */
public final class InternalUsersRotation {
  /** The users this rotation moves on a Sentinel group. */
  public static final List<RedisInternalUser> ROTATED =
      List.of(
          RedisInternalUsers.REPLICATION, RedisInternalUsers.SENTINEL, RedisInternalUsers.OPERATOR);

  /** The users this rotation moves on a Redis Cluster, which has no Sentinel. */
  public static final List<RedisInternalUser> CLUSTER_ROTATED =
      List.of(RedisInternalUsers.REPLICATION, RedisClusterInternalUsers.OPERATOR);

  private final List<RedisInternalUser> rotated;

  private final RedisPasswordRotation.Store store;
  private final String secret;
  private final List<RedisAclSync.Server> redis;
  private final List<RedisAclSync.Server> sentinels;
  private final String masterName;
  private final PasswordGenerator passwords;
  private final Clock clock;
  private final Duration timeout;
  private final Optional<RedisTlsClient> tls;

  /**
   * @param store the record (on the auth Secret) and the auth Secret's keys
   * @param secret the app's auth Secret, which holds every user's password
   */
  public InternalUsersRotation(
      RedisPasswordRotation.Store store,
      String secret,
      List<RedisAclSync.Server> redis,
      List<RedisAclSync.Server> sentinels,
      String masterName,
      PasswordGenerator passwords,
      Clock clock,
      Duration timeout,
      Optional<RedisTlsClient> tls) {
    this(store, secret, ROTATED, redis, sentinels, masterName, passwords, clock, timeout, tls);
  }

  /**
   * @param rotated the users that rotate: {@link #ROTATED}, or {@link #CLUSTER_ROTATED} for a
   *     cluster (with no Sentinels)
   */
  public InternalUsersRotation(
      RedisPasswordRotation.Store store,
      String secret,
      List<RedisInternalUser> rotated,
      List<RedisAclSync.Server> redis,
      List<RedisAclSync.Server> sentinels,
      String masterName,
      PasswordGenerator passwords,
      Clock clock,
      Duration timeout,
      Optional<RedisTlsClient> tls) {
    this.rotated = List.copyOf(rotated);
    this.store = store;
    this.secret = secret;
    this.redis = List.copyOf(redis);
    this.sentinels = List.copyOf(sentinels);
    this.masterName = masterName;
    this.passwords = passwords;
    this.clock = clock;
    this.timeout = timeout;
    this.tls = tls;
  }

  /** The auth Secret's key of the new password while one is being rolled out. */
  public static String nextKey(RedisInternalUser user) {
    return user.nextSecretKey();
  }

  /** The auth Secret's key of the old password during the overlap. */
  public static String previousKey(RedisInternalUser user) {
    return user.previousSecretKey();
  }

  /**
   * Takes every step due now; returns the step it stopped at ({@link RotationPlanner.Step.Idle} or
   * {@link RotationPlanner.Step.Overlap}). A server that refuses stops it, the server named.
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
      Map<String, Optional<String>> drawn = new LinkedHashMap<>();
      for (RedisInternalUser user : rotated) {
        if (value(nextKey(user)).isEmpty()) {
          drawn.put(nextKey(user), Optional.of(passwords.generate(secret + "/" + nextKey(user))));
        }
      }
      if (!drawn.isEmpty()) {
        store.write(secret, drawn);
      }
      store.record(recorded.orElseThrow().start(prepare.request(), clock.instant()));
    } else if (step instanceof RotationPlanner.Step.AddNew) {
      for (RedisInternalUser user : rotated) {
        String next = value(nextKey(user)).orElseThrow(() -> lost(user, "AddNew"));
        List<String> both = new ArrayList<>();
        value(user.secretKey()).ifPresent(both::add);
        both.add(next);
        everywhere(user, passwordsOnly(user.name(), both));
      }
      store.record(recorded.orElseThrow().advance(RotationRecord.Phase.ADDED, clock.instant()));
    } else if (step instanceof RotationPlanner.Step.Switch) {
      switchOver(recorded.orElseThrow());
    } else if (step instanceof RotationPlanner.Step.DropOld) {
      Map<RedisInternalUser, String> current = new LinkedHashMap<>();
      Map<String, Optional<String>> dropped = new LinkedHashMap<>();
      for (RedisInternalUser user : rotated) {
        current.put(user, value(user.secretKey()).orElseThrow(() -> lost(user, "DropOld")));
        dropped.put(previousKey(user), Optional.empty());
      }
      // The Secret first: a server that starts from now on takes the current passwords only, and
      // one that started before is set below.
      store.write(secret, dropped);
      current.forEach(
          (user, password) -> everywhere(user, passwordsOnly(user.name(), List.of(password))));
      store.record(recorded.orElseThrow().finish(clock.instant()));
    }
  }

  private void switchOver(RotationRecord recorded) {
    Map<String, Optional<String>> values = new LinkedHashMap<>();
    Map<RedisInternalUser, String> fresh = new LinkedHashMap<>();
    for (RedisInternalUser user : rotated) {
      // After a crash between writing the Secret and recording it, the new one is current.
      Optional<String> next = value(nextKey(user));
      String password =
          next.orElseGet(() -> value(user.secretKey()).orElseThrow(() -> lost(user, "Switch")));
      fresh.put(user, password);
      values.put(user.secretKey(), Optional.of(password));
      values.put(
          previousKey(user), next.isPresent() ? value(user.secretKey()) : value(previousKey(user)));
      values.put(nextKey(user), Optional.empty());
    }
    // The Secret first: a server that starts from now on logs in with the new passwords, and one
    // that started before with the old ones is running when the consumers move (or, down then,
    // fails this step, which the next sync takes again).
    store.write(secret, values);
    pointConsumers(fresh);
    store.record(recorded.advance(RotationRecord.Phase.SWITCHED, clock.instant()));
  }

  /**
   * Replication ({@code masterauth}) and the Sentinels ({@code auth-pass}) log in with {@code
   * passwords} from now on, live.
   */
  private void pointConsumers(Map<RedisInternalUser, String> passwords) {
    String replication = passwords.get(RedisInternalUsers.REPLICATION);
    on(
        redis,
        "CONFIG SET masterauth",
        server -> {
          // Only a pod whose replication logs in as Mooring's user: an older one uses the app's.
          if (RedisInternalUsers.REPLICATION.name().equals(setting(server, "masteruser"))) {
            server.call("CONFIG", "SET", "masterauth", replication);
          }
        });
    String sentinel = passwords.get(RedisInternalUsers.SENTINEL);
    on(
        sentinels,
        "SENTINEL SET auth-pass",
        server -> {
          if (startedWithOwnUsers(server)) {
            server.call("SENTINEL", "SET", masterName, "auth-pass", sentinel);
          }
        });
  }

  private static String setting(RedisConnection server, String name) {
    String[] reply = server.call("CONFIG", "GET", name).split("\n", -1);
    return reply.length > 1 ? reply[1] : "";
  }

  /**
   * A Sentinel started with Mooring's own users, and so logging in to the Redis pods as its own
   * user ({@code auth-user}, which Sentinel does not report): both come from the same start script.
   */
  private static boolean startedWithOwnUsers(RedisConnection sentinel) {
    return List.of(sentinel.call("ACL", "USERS").split("\n", -1))
        .contains(RedisInternalUsers.OPERATOR.name());
  }

  private Optional<String> value(String key) {
    return store.value(secret, key);
  }

  private IllegalStateException lost(RedisInternalUser user, String step) {
    return new IllegalStateException(
        "the password of "
            + user.name()
            + " is not in Secret "
            + secret
            + " at step "
            + step
            + "; the rotation cannot go on without it");
  }

  /**
   * Exactly these passwords for the user, as hashes, its rules left as they are: the same command
   * whatever the server had, so a step taken again does the same.
   */
  private static List<String> passwordsOnly(String user, List<String> passwords) {
    List<String> command = new ArrayList<>(List.of("ACL", "SETUSER", user, "resetpass"));
    passwords.forEach(password -> command.add("#" + AclUserCommands.sha256(password)));
    return command;
  }

  private void everywhere(RedisInternalUser user, List<String> command) {
    String what = "ACL SETUSER " + user.name();
    on(redis, what, connection -> connection.call(command.toArray(String[]::new)));
    if (user.onSentinels()) {
      on(sentinels, what, connection -> connection.call(command.toArray(String[]::new)));
    }
  }

  private void on(
      List<RedisAclSync.Server> servers, String what, Consumer<RedisConnection> action) {
    OnEveryServer.run("rotation of Mooring's own users", what, servers, this::login, action);
  }

  /**
   * As the operator user with whichever of its passwords the server takes now (the current one
   * first, which every step leaves valid), else as the default user with the app's password.
   */
  private RedisConnection login(RedisAclSync.Server server) {
    RedisInternalUser operator = RedisInternalUsers.OPERATOR;
    List<RedisLogin> logins = new ArrayList<>();
    for (String key : List.of(operator.secretKey(), nextKey(operator), previousKey(operator))) {
      value(key).ifPresent(password -> logins.add(new RedisLogin(operator.name(), password)));
    }
    for (String key :
        List.of(
            RedisAuthSecret.PASSWORD_KEY,
            RedisUserSecret.NEXT_AUTH_KEY,
            RedisUserSecret.PREVIOUS_AUTH_KEY)) {
      value(key).ifPresent(password -> logins.add(RedisLogin.defaultUser(password)));
    }
    if (logins.isEmpty()) {
      throw new IllegalStateException("no password in " + secret);
    }
    return RedisConnection.open(server.host(), server.port(), logins, timeout, tls);
  }
}
