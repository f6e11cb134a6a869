package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.core.redis.InternalUsersRotation;
import io.mooring.core.redis.RedisAclSync;
import io.mooring.core.redis.RedisConnection;
import io.mooring.core.redisops.RotationPlanner;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.PasswordRotation;
import io.mooring.core.testing.MovableClock;
import io.mooring.core.testing.RealBinaries;
import io.mooring.core.testing.RenderedObjects;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotating Mooring's own users on a rendered 3-pod Sentinel set booted on real servers: a rotation
 * stopped right after the new passwords were added resumes with the same ones; replication never
 * drops nor resyncs in full while {@code masterauth} and the Sentinels' {@code auth-pass} move; the
 * old passwords are refused after the overlap and the new ones log in; and the Sentinels, now
 * logged in with the new password only, still fail over.
 */
class InternalUsersRotationIT {
  private static final int REPLICAS = 3;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String SECRET = "auth";
  private static final PasswordRotation POLICY =
      new PasswordRotation(Optional.empty(), Duration.ofDays(1));

  @TempDir Path root;
  private LoopbackRedisSet set;
  private LinkSampler sampler;

  @AfterEach
  void stop() {
    if (sampler != null) {
      sampler.close();
    }
    if (set != null) {
      set.close();
    }
  }

  @Test
  void aStoppedRotationResumesWithTheSameNewPasswordsReplicationNeverDropsAndAFailoverFollows()
      throws Exception {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-sentinel", "redis-sentinel");
    RealBinaries.require("redis-cli", "redis-tools");
    DesiredState state =
        RedisRenderer.render(RedisTestSpecs.seedThreeReplicas(), RedisTestSpecs.OPTIONS);
    RedisNames names = new RedisNames(state.app(), "cluster.local");
    String name = names.masterName();
    set = new LoopbackRedisSet(state, REPLICAS, root);
    String app = set.password();
    String master = LoopbackRedisQueries.bootAndAwaitMaster(set, REPLICAS, app, name);
    LoopbackRedisQueries.awaitMasterTakesWrites(set, app, master);
    List<Integer> replicas = LoopbackRedisQueries.replicaOrdinals(master, REPLICAS);
    String fullSyncs = LoopbackRedisQueries.fullSyncs(set, app, master);

    sampler = LinkSampler.over(set, replicas, app, Duration.ofMillis(50));

    MemoryRotationStore store = new MemoryRotationStore();
    store.secret.putAll(RenderedObjects.secretData(state, names.authSecret()));
    Map<RedisInternalUser, String> old = new LinkedHashMap<>();
    InternalUsersRotation.ROTATED.forEach(
        user -> old.put(user, store.secret.get(user.secretKey())));
    MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    List<RedisAclSync.Server> pods = LoopbackRedisQueries.podServers(set, REPLICAS);
    List<RedisAclSync.Server> sentinels = LoopbackRedisQueries.sentinelServers(set);
    // Each draw differs: a resumed rotation that drew again would show.
    AtomicInteger draws = new AtomicInteger();
    java.util.function.Supplier<InternalUsersRotation> mooring =
        () ->
            new InternalUsersRotation(
                store,
                SECRET,
                pods,
                sentinels,
                name,
                purpose -> "Drawn" + draws.incrementAndGet() + "x" + purpose.hashCode(),
                clock,
                TIMEOUT,
                Optional.empty());

    assertThat(mooring.get().run(Optional.of("first"), POLICY, false))
        .isEqualTo(new RotationPlanner.Step.Idle());

    store.crashAfterAdded.set(true);
    assertThatThrownBy(() -> mooring.get().run(Optional.of("second"), POLICY, false))
        .hasMessage("Mooring stopped");
    Map<RedisInternalUser, String> drawn = new LinkedHashMap<>();
    for (RedisInternalUser user : InternalUsersRotation.ROTATED) {
      String next = store.secret.get(InternalUsersRotation.nextKey(user));
      assertThat(next).as(user.name()).isNotNull().isNotEqualTo(old.get(user));
      drawn.put(user, next);
      for (RedisAclSync.Server pod : pods) {
        assertThat(RedisLogins.logsIn(pod.host(), pod.port(), user.name(), next)).isTrue();
        assertThat(RedisLogins.logsIn(pod.host(), pod.port(), user.name(), old.get(user))).isTrue();
      }
    }
    int drawsBeforeRestart = draws.get();

    // A restarted Mooring resumes: the same new passwords, none drawn again.
    assertThat(mooring.get().run(Optional.of("second"), POLICY, false))
        .isInstanceOf(RotationPlanner.Step.Overlap.class);
    assertThat(draws.get()).isEqualTo(drawsBeforeRestart);
    for (RedisInternalUser user : InternalUsersRotation.ROTATED) {
      assertThat(store.secret)
          .containsEntry(user.secretKey(), drawn.get(user))
          .containsEntry(InternalUsersRotation.previousKey(user), old.get(user))
          .doesNotContainKey(InternalUsersRotation.nextKey(user));
    }
    assertThat(store.record.get().encode())
        .doesNotContain(drawn.values())
        .doesNotContain(old.values());
    for (RedisAclSync.Server pod : pods) {
      try (RedisConnection connection =
          RedisConnection.open(
              pod.host(),
              pod.port(),
              RedisInternalUsers.OPERATOR.name(),
              drawn.get(RedisInternalUsers.OPERATOR),
              TIMEOUT)) {
        String[] masterauth = connection.call("CONFIG", "GET", "masterauth").split("\n", -1);
        assertThat(masterauth[1]).isEqualTo(drawn.get(RedisInternalUsers.REPLICATION));
        String[] masteruser = connection.call("CONFIG", "GET", "masteruser").split("\n", -1);
        assertThat(masteruser[1]).isEqualTo(RedisInternalUsers.REPLICATION.name());
      }
    }

    clock.set(clock.instant().plus(Duration.ofDays(1)));
    assertThat(mooring.get().run(Optional.of("second"), POLICY, false))
        .isEqualTo(new RotationPlanner.Step.Idle());
    for (RedisInternalUser user : InternalUsersRotation.ROTATED) {
      assertThat(store.secret).doesNotContainKey(InternalUsersRotation.previousKey(user));
      List<RedisAclSync.Server> servers = new ArrayList<>(pods);
      if (user.onSentinels()) {
        servers.addAll(sentinels);
      }
      for (RedisAclSync.Server server : servers) {
        assertThat(RedisLogins.logsIn(server.host(), server.port(), user.name(), old.get(user)))
            .as(user.name() + " old password on " + server.name())
            .isFalse();
        assertThat(RedisLogins.logsIn(server.host(), server.port(), user.name(), drawn.get(user)))
            .as(user.name() + " new password on " + server.name())
            .isTrue();
      }
    }

    assertThat(RedisCli.call(app, master, set.redisPort, "SET", "after-rotation", "1"))
        .isEqualTo("OK");
    assertThat(
            RedisCli.call(
                app, master, set.redisPort, "WAIT", Integer.toString(REPLICAS - 1), "5000"))
        .isEqualTo(Integer.toString(REPLICAS - 1));
    sampler.assertStayedUp("every replica's link");
    assertThat(LoopbackRedisQueries.fullSyncs(set, app, master))
        .as("no replica resynced in full")
        .isEqualTo(fullSyncs);

    // The Sentinels, whose old password is gone, still monitor: a failover takes (repeated,
    // as RequestedFailover explains, until the Sentinels count a replica promotable).
    RequestedFailover.awaitAwayFrom(
        set,
        app,
        name,
        REPLICAS,
        master,
        "the old master syncs from the new one as the replication user's new password");
  }
}
