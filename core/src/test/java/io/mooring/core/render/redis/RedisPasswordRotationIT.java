package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.core.redis.RedisAclSync;
import io.mooring.core.redis.RedisCommandException;
import io.mooring.core.redis.RedisConnection;
import io.mooring.core.redis.RedisPasswordRotation;
import io.mooring.core.redisops.RotationPlanner;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.PasswordRotation;
import io.mooring.core.testing.MovableClock;
import io.mooring.core.testing.RealBinaries;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotating the default password of a 3-pod Sentinel set on real servers: clients holding the old
 * password keep working through the overlap, the new one works at once, the old one is refused
 * after; replication never drops, and a failover after the rotation succeeds.
 */
class RedisPasswordRotationIT {
  private static final int REPLICAS = 3;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String SECRET = "auth";
  private static final RedisPasswordRotation.Keys KEYS =
      new RedisPasswordRotation.Keys(
          SECRET, "redis-password", "next-redis-password", "previous-redis-password");
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

  private static boolean logsIn(String host, int port, String password) {
    return RedisLogins.logsIn(host, port, null, password);
  }

  @Test
  void oldClientsKeepWorkingThroughTheOverlapReplicationNeverDropsAndAFailoverFollows()
      throws Exception {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-sentinel", "redis-sentinel");
    RealBinaries.require("redis-cli", "redis-tools");
    DesiredState state =
        RedisRenderer.render(RedisTestSpecs.seedThreeReplicas(), RedisTestSpecs.OPTIONS);
    String name = new RedisNames(state.app(), "cluster.local").masterName();
    set = new LoopbackRedisSet(state, REPLICAS, root);
    String old = set.password();
    String master = LoopbackRedisQueries.bootAndAwaitMaster(set, REPLICAS, old, name);
    LoopbackRedisQueries.awaitMasterTakesWrites(set, old, master);
    List<Integer> replicas = LoopbackRedisQueries.replicaOrdinals(master, REPLICAS);
    String fullSyncs = LoopbackRedisQueries.fullSyncs(set, old, master);

    // Sample each replica's link to the master over connections opened before the rotation.
    sampler = LinkSampler.over(set, replicas, old, Duration.ofMillis(50));

    MemoryRotationStore store = new MemoryRotationStore();
    store.secret.put(KEYS.current(), old);
    MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    List<RedisAclSync.Server> pods = LoopbackRedisQueries.podServers(set, REPLICAS);
    List<RedisAclSync.Server> sentinels = LoopbackRedisQueries.sentinelServers(set);
    RedisPasswordRotation rotation =
        new RedisPasswordRotation(
            store,
            KEYS,
            pods,
            sentinels,
            name,
            purpose -> "Rotated" + purpose.hashCode() + "x",
            clock,
            TIMEOUT);

    try (RedisConnection holder = RedisConnection.open(master, set.redisPort, null, old, TIMEOUT)) {
      assertThat(rotation.run(Optional.of("first"), POLICY))
          .isEqualTo(new RotationPlanner.Step.Idle());
      assertThat(rotation.run(Optional.of("second"), POLICY))
          .isInstanceOf(RotationPlanner.Step.Overlap.class);
      String fresh = store.secret.get(KEYS.current());
      assertThat(fresh).isNotEqualTo(old);
      assertThat(store.secret).containsEntry(KEYS.previous(), old).doesNotContainKey(KEYS.next());
      assertThat(store.record.get().encode()).doesNotContain(fresh).doesNotContain(old);

      // During the overlap: both log in everywhere, and the client holding the old one works.
      for (RedisAclSync.Server server : pods) {
        assertThat(logsIn(server.host(), server.port(), fresh)).isTrue();
        assertThat(logsIn(server.host(), server.port(), old)).isTrue();
      }
      for (RedisAclSync.Server server : sentinels) {
        assertThat(logsIn(server.host(), server.port(), fresh)).isTrue();
      }
      assertThat(holder.call("SET", "during-overlap", "1")).isEqualTo("OK");

      // A Mooring restarted an hour in resumes the overlap: the old password stays.
      clock.set(clock.instant().plus(Duration.ofHours(1)));
      assertThat(rotation.run(Optional.of("second"), POLICY))
          .isInstanceOf(RotationPlanner.Step.Overlap.class);
      assertThat(logsIn(master, set.redisPort, old)).isTrue();

      clock.set(clock.instant().plus(Duration.ofDays(1)));
      assertThat(rotation.run(Optional.of("second"), POLICY))
          .isEqualTo(new RotationPlanner.Step.Idle());
      assertThat(store.secret).doesNotContainKey(KEYS.previous());
      for (RedisAclSync.Server server : pods) {
        assertThat(logsIn(server.host(), server.port(), old)).as(server.name()).isFalse();
        assertThat(logsIn(server.host(), server.port(), fresh)).as(server.name()).isTrue();
      }
      for (RedisAclSync.Server server : sentinels) {
        assertThat(logsIn(server.host(), server.port(), old)).as(server.name()).isFalse();
      }
      // Logged in before: sessions are not cut by a password change.
      assertThat(holder.call("SET", "after-overlap", "1")).isEqualTo("OK");
      assertThat(
              RedisCli.call(
                  fresh, master, set.redisPort, "WAIT", Integer.toString(REPLICAS - 1), "5000"))
          .isEqualTo(Integer.toString(REPLICAS - 1));

      sampler.assertStayedUp("every replica's link");
      assertThat(LoopbackRedisQueries.fullSyncs(set, fresh, master))
          .as("no replica resynced in full: replication logs in as its own user throughout")
          .isEqualTo(fullSyncs);

      // The Sentinels fail over with the new password and the old master follows the new one
      // (the request repeated until it takes, as RequestedFailover explains).
      RequestedFailover.awaitAwayFrom(
          set,
          fresh,
          name,
          REPLICAS,
          master,
          "the old master syncs from the new one, logged in with the new password");
    }
    assertThatThrownBy(() -> RedisConnection.open(master, set.redisPort, null, old, TIMEOUT))
        .isInstanceOf(RedisCommandException.class);
  }
}
