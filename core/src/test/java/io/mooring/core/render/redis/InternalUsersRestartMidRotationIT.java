package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mooring.core.redis.InternalUsersRotation;
import io.mooring.core.redis.RedisAclSync;
import io.mooring.core.redis.RedisConnection;
import io.mooring.core.redisops.RotationPlanner;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.PasswordRotation;
import io.mooring.core.testing.MovableClock;
import io.mooring.core.testing.RealBinaries;
import io.mooring.core.testing.RenderedObjects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pods and Sentinels of a rendered 3-pod Sentinel set on real servers that restart while Mooring's
 * own users rotate, each starting from the auth Secret as it is at that moment: a replica and a
 * Sentinel restarted after the new passwords were added but before the switch, another replica and
 * Sentinel restarted during the overlap. Each takes both passwords of every user while both are in
 * use, the Sentinels keep logging in to the restarted replica with the new password, the restarted
 * replicas' links come back and stay up, and after the overlap the old passwords are refused
 * everywhere and the new ones log in.
 */
class InternalUsersRestartMidRotationIT {
  private static final int REPLICAS = 3;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String SECRET = "auth";
  private static final PasswordRotation POLICY =
      new PasswordRotation(Optional.empty(), Duration.ofDays(1));

  @TempDir Path root;
  private LoopbackRedisSet set;
  private LinkSampler sampler;
  private String name;

  @AfterEach
  void stop() {
    if (sampler != null) {
      sampler.close();
    }
    if (set != null) {
      set.close();
    }
  }

  private String sentinel(int index, String... command) {
    return RedisCli.call(set.password(), set.sentinelAddress(index), set.sentinelPort, command);
  }

  /** What Sentinel {@code index} reports about the replica at {@code address}, field by field. */
  private Map<String, String> replicaSeenBy(int index, String address) {
    List<String> lines = sentinel(index, "SENTINEL", "REPLICAS", name).lines().toList();
    List<Map<String, String>> replicas = new ArrayList<>();
    for (int i = 0; i + 1 < lines.size(); i += 2) {
      if (lines.get(i).equals("name")) {
        replicas.add(new HashMap<>());
      }
      if (!replicas.isEmpty()) {
        replicas.get(replicas.size() - 1).put(lines.get(i), lines.get(i + 1));
      }
    }
    return replicas.stream()
        .filter(replica -> address.equals(replica.get("ip")))
        .findFirst()
        .orElse(Map.of());
  }

  /**
   * Every Sentinel got an answer to its PING from the replica since {@code since}: it logs in to it
   * with the password it uses now.
   */
  private boolean everySentinelLogsInTo(String address, long since) {
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    for (int i = 0; i < RedisContext.SENTINELS; i++) {
      Map<String, String> replica = replicaSeenBy(i, address);
      if (!"slave".equals(replica.get("flags"))
          || Long.parseLong(replica.getOrDefault("last-ok-ping-reply", "" + Long.MAX_VALUE))
              >= elapsed) {
        return false;
      }
    }
    return true;
  }

  /** Sentinel {@code index} sees {@code master} up with both replicas and both other Sentinels. */
  private boolean monitors(int index, String master) {
    return RedisCli.infoField(sentinel(index, "INFO", "sentinel"), "master0")
        .contains("status=ok,address=" + master + ":" + set.redisPort + ",slaves=2,sentinels=3");
  }

  /** The auth Secret with the store's keys now, as the kubelet would give it to a starting pod. */
  private static Secret secretNow(String secretName, Map<String, String> values) {
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach(
        (key, value) ->
            data.put(
                key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(secretName)
        .endMetadata()
        .withData(data)
        .build();
  }

  @Test
  void serversRestartedMidRotationTakeThePasswordsInUseAndLoseTheOldOnesAfterTheOverlap()
      throws Exception {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-sentinel", "redis-sentinel");
    RealBinaries.require("redis-cli", "redis-tools");
    DesiredState state =
        RedisRenderer.render(RedisTestSpecs.seedThreeReplicas(), RedisTestSpecs.OPTIONS);
    RedisNames names = new RedisNames(state.app(), "cluster.local");
    name = names.masterName();
    set = new LoopbackRedisSet(state, REPLICAS, root);
    String app = set.password();
    String master = LoopbackRedisQueries.bootAndAwaitMaster(set, REPLICAS, app, name);
    for (int i = 0; i < RedisContext.SENTINELS; i++) {
      int index = i;
      await("Sentinel " + i + " monitors the master with its peers")
          .atMost(Duration.ofSeconds(60))
          .until(() -> monitors(index, master));
    }
    List<Integer> replicas = LoopbackRedisQueries.replicaOrdinals(master, REPLICAS);
    int beforeSwitch = replicas.get(0);
    int inOverlap = replicas.get(1);

    MemoryRotationStore store = new MemoryRotationStore();
    store.secret.putAll(RenderedObjects.secretData(state, names.authSecret()));
    Map<RedisInternalUser, String> old = new LinkedHashMap<>();
    InternalUsersRotation.ROTATED.forEach(
        user -> old.put(user, store.secret.get(user.secretKey())));
    MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    List<RedisAclSync.Server> pods = LoopbackRedisQueries.podServers(set, REPLICAS);
    List<RedisAclSync.Server> sentinels = LoopbackRedisQueries.sentinelServers(set);
    java.util.function.Supplier<InternalUsersRotation> mooring =
        () ->
            new InternalUsersRotation(
                store,
                SECRET,
                pods,
                sentinels,
                name,
                purpose -> "New" + Integer.toHexString(purpose.hashCode()) + "x",
                clock,
                TIMEOUT,
                Optional.empty());
    assertThat(mooring.get().run(Optional.of("first"), POLICY, false))
        .isEqualTo(new RotationPlanner.Step.Idle());

    // The rotation stops right after every server took the new passwords.
    store.crashAfterAdded.set(true);
    assertThatThrownBy(() -> mooring.get().run(Optional.of("second"), POLICY, false))
        .hasMessage("Mooring stopped");
    Map<RedisInternalUser, String> fresh = new LinkedHashMap<>();
    InternalUsersRotation.ROTATED.forEach(
        user -> fresh.put(user, store.secret.get(InternalUsersRotation.nextKey(user))));
    assertThat(fresh.values()).doesNotContainNull();

    // A replica and a Sentinel restart now, from the Secret with the current and the new keys.
    set.putSecret(secretNow(names.authSecret(), store.secret));
    set.stopRedisGracefully(beforeSwitch);
    set.startRedis(beforeSwitch);
    set.killSentinel(0);
    set.startSentinel(0);
    String restartedAddress = LoopbackRedisSet.redisAddress(beforeSwitch);
    RedisConnection watcher =
        RedisConnection.open(restartedAddress, set.redisPort, null, app, TIMEOUT);
    try {
      await("the restarted replica's link is up")
          .atMost(Duration.ofSeconds(60))
          .until(() -> LinkSampler.linkOf(watcher).equals("up"));
      sampler = LinkSampler.start(List.of(watcher), Duration.ofMillis(50));
      await("the restarted Sentinel monitors the master with its peers")
          .atMost(Duration.ofSeconds(60))
          .until(() -> monitors(0, master));

      // Mooring resumes: the consumers switch to the new passwords, the overlap begins.
      assertThat(mooring.get().run(Optional.of("second"), POLICY, false))
          .isInstanceOf(RotationPlanner.Step.Overlap.class);
      long switched = System.nanoTime();
      await("every Sentinel, its auth-pass now the new one, logs in to the restarted replica")
          .atMost(Duration.ofSeconds(30))
          .until(() -> everySentinelLogsInTo(restartedAddress, switched));
      for (RedisInternalUser user : InternalUsersRotation.ROTATED) {
        assertThat(
                RedisLogins.logsIn(restartedAddress, set.redisPort, user.name(), fresh.get(user)))
            .as(user.name() + " new password on the replica restarted before the switch")
            .isTrue();
        assertThat(RedisLogins.logsIn(restartedAddress, set.redisPort, user.name(), old.get(user)))
            .as(user.name() + " old password there during the overlap")
            .isTrue();
      }
      RedisInternalUser operator = RedisInternalUsers.OPERATOR;
      assertThat(
              RedisLogins.logsIn(
                  set.sentinelAddress(0), set.sentinelPort, operator.name(), fresh.get(operator)))
          .as("the operator's new password on the Sentinel restarted before the switch")
          .isTrue();
      assertThat(
              RedisLogins.logsIn(
                  set.sentinelAddress(0), set.sentinelPort, operator.name(), old.get(operator)))
          .isTrue();

      // Another replica and Sentinel restart in the overlap, from the Secret as it is now.
      set.putSecret(secretNow(names.authSecret(), store.secret));
      set.stopRedisGracefully(inOverlap);
      set.startRedis(inOverlap);
      set.killSentinel(1);
      set.startSentinel(1);
      String overlapAddress = LoopbackRedisSet.redisAddress(inOverlap);
      try (RedisConnection overlapWatcher =
          RedisConnection.open(overlapAddress, set.redisPort, null, app, TIMEOUT)) {
        await("the replica restarted in the overlap syncs with the new password")
            .atMost(Duration.ofSeconds(60))
            .until(() -> LinkSampler.linkOf(overlapWatcher).equals("up"));
      }
      for (RedisInternalUser user : InternalUsersRotation.ROTATED) {
        assertThat(RedisLogins.logsIn(overlapAddress, set.redisPort, user.name(), old.get(user)))
            .as(user.name() + " old password on the replica restarted in the overlap")
            .isTrue();
        assertThat(RedisLogins.logsIn(overlapAddress, set.redisPort, user.name(), fresh.get(user)))
            .isTrue();
      }
      assertThat(
              RedisLogins.logsIn(
                  set.sentinelAddress(1), set.sentinelPort, operator.name(), old.get(operator)))
          .as("the operator's old password on the Sentinel restarted in the overlap")
          .isTrue();
      await("the Sentinel restarted in the overlap monitors the master with its peers")
          .atMost(Duration.ofSeconds(60))
          .until(() -> monitors(1, master));

      // After the overlap the old passwords go, from every server including the restarted ones.
      clock.set(clock.instant().plus(Duration.ofDays(1)));
      assertThat(mooring.get().run(Optional.of("second"), POLICY, false))
          .isEqualTo(new RotationPlanner.Step.Idle());
      for (RedisInternalUser user : InternalUsersRotation.ROTATED) {
        List<RedisAclSync.Server> servers = new ArrayList<>(pods);
        if (user.onSentinels()) {
          servers.addAll(sentinels);
        }
        for (RedisAclSync.Server server : servers) {
          assertThat(RedisLogins.logsIn(server.host(), server.port(), user.name(), old.get(user)))
              .as(user.name() + " old password on " + server.name())
              .isFalse();
          assertThat(RedisLogins.logsIn(server.host(), server.port(), user.name(), fresh.get(user)))
              .as(user.name() + " new password on " + server.name())
              .isTrue();
        }
      }
      long dropped = System.nanoTime();
      await("every Sentinel still logs in to the replica restarted before the switch")
          .atMost(Duration.ofSeconds(30))
          .until(() -> everySentinelLogsInTo(restartedAddress, dropped));
      assertThat(RedisCli.call(app, master, set.redisPort, "SET", "after-rotation", "1"))
          .isEqualTo("OK");
      assertThat(
              RedisCli.call(
                  app, master, set.redisPort, "WAIT", Integer.toString(REPLICAS - 1), "5000"))
          .as("both restarted replicas acknowledge the write")
          .isEqualTo(Integer.toString(REPLICAS - 1));
      sampler.assertStayedUp(
          "the replica restarted before the switch kept its link from its return on");
    } finally {
      if (sampler != null) {
        sampler.close();
      }
      watcher.close();
    }
  }
}
