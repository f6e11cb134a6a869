package io.mooring.core.redisops;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.testing.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A shard of a master and two replicas whose servers answer as Redis does: a restarted pod comes
 * back updated as a caught-up replica, and CLUSTER FAILOVER on a replica swaps its role with the
 * master's. The roll must touch the replicas first, fail over to an updated one, then restart the
 * old master, recording each step on the set.
 */
class ClusterShardRollTest {
  private final Map<String, Boolean> updated = new LinkedHashMap<>();
  private final Map<String, String> roles = new LinkedHashMap<>();
  private final List<String> actions = new ArrayList<>();
  private final List<Optional<RollProgress>> records = new ArrayList<>();
  private Optional<RollProgress> recorded = Optional.empty();
  private final Map<String, String> replids = new LinkedHashMap<>();
  private boolean refuseFailover;

  /** How many of the next CLUSTER FAILOVER requests the replica answers OK and then abandons. */
  private int abandonFailovers;

  /** The replica takes the role but the old master has not heard yet: both report master. */
  private boolean bothMasters;

  /**
   * The nodes' {@code cluster-node-timeout}: short enough that the replica may hold another
   * election as soon as it gave a manual failover up.
   */
  private long nodeTimeoutMillis = 1000;

  /** How long the replica takes to answer CLUSTER FAILOVER, on the test's clock. */
  private long failoverAnswerMillis;

  ClusterShardRollTest() {
    for (int i = 0; i < 3; i++) {
      updated.put("c-shard-0-" + i, false);
      roles.put("c-shard-0-" + i, i == 1 ? "master" : "slave");
    }
  }

  private final RollPods pods =
      new RollPods() {
        @Override
        public String updateRevision() {
          return "rev2";
        }

        @Override
        public List<Pod> pods() {
          List<Pod> list = new ArrayList<>();
          int ordinal = 0;
          for (Map.Entry<String, Boolean> pod : updated.entrySet()) {
            list.add(new Pod(pod.getKey(), ordinal++, pod.getValue()));
          }
          return list;
        }

        @Override
        public void restart(String pod) {
          actions.add("restart " + pod);
          updated.put(pod, true);
        }

        @Override
        public Optional<RollProgress> recorded() {
          return recorded;
        }

        @Override
        public void record(Optional<RollProgress> progress) {
          records.add(progress);
          recorded = progress;
        }
      };

  private final RedisAccess servers =
      new RedisAccess() {
        @Override
        public Optional<String> redis(String pod, List<String> command) {
          if (command.equals(List.of("CONFIG", "GET", "cluster-node-timeout"))) {
            return Optional.of("cluster-node-timeout\n" + nodeTimeoutMillis);
          }
          if (command.equals(List.of("CLUSTER", "FAILOVER"))) {
            actions.add("failover to " + pod);
            clock.set(clock.instant().plusMillis(failoverAnswerMillis));
            if (refuseFailover) {
              return Optional.of("ERR Master is down or failed, please use CLUSTER FAILOVER FORCE");
            }
            if (abandonFailovers > 0) {
              abandonFailovers--;
              return Optional.of("OK");
            }
            if (bothMasters) {
              roles.put(pod, "master");
              return Optional.of("OK");
            }
            roles.replaceAll((name, role) -> name.equals(pod) ? "master" : "slave");
            return Optional.of("OK");
          }
          String role = roles.get(pod);
          return Optional.of(
              "role:"
                  + role
                  + "\nmaster_repl_offset:100\nslave_repl_offset:100\nmaster_link_status:up\n"
                  + "master_sync_in_progress:0\nloading:0\nredis_version:7.2.4\n"
                  + "master_replid:"
                  + replids.getOrDefault(pod, "a1")
                  + "\n");
        }

        @Override
        public Optional<String> sentinel(List<String> command) {
          return Optional.empty();
        }

        @Override
        public Optional<String> podAt(String address) {
          return Optional.empty();
        }
      };

  private ClusterShardRoll roll(Optional<String> version) {
    return new ClusterShardRoll(
        pods, servers, Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofMillis(1), version);
  }

  @Test
  void replicasRollFirstThenAnUpdatedReplicaTakesOverThenTheOldMasterRolls()
      throws InterruptedException {
    RollStep outcome = roll(Optional.empty()).run();

    assertThat(outcome).isInstanceOf(RollStep.Done.class);
    assertThat(actions)
        .containsExactly(
            "restart c-shard-0-0",
            "restart c-shard-0-2",
            "failover to c-shard-0-0",
            "restart c-shard-0-1");
    // The failover is recorded when asked, and again with the time the replica accepted it when
    // the clock moved in between.
    assertThat(
            records.stream()
                .map(record -> record.map(p -> p.step() + " " + p.pod()).orElse("cleared"))
                .distinct())
        .containsExactly(
            "RESTART c-shard-0-0",
            "RESTART c-shard-0-2",
            "FAILOVER c-shard-0-1",
            "RESTART c-shard-0-1",
            "cleared");
    assertThat(roles).containsEntry("c-shard-0-0", "master");
  }

  @Test
  void aRefusedFailoverStopsTheRollWithTheMasterAndTheServersReason() throws InterruptedException {
    refuseFailover = true;

    RollStep outcome = roll(Optional.empty()).run();

    assertThat(outcome).isInstanceOf(RollStep.Degraded.class);
    assertThat(((RollStep.Degraded) outcome).pod()).isEqualTo("c-shard-0-1");
    assertThat(((RollStep.Degraded) outcome).reason()).contains("CLUSTER FAILOVER", "refused");
    assertThat(actions).doesNotContain("restart c-shard-0-1");
  }

  @Test
  void aDowngradeAcrossAMajorVersionRestartsNothing() throws InterruptedException {
    RollStep outcome = roll(Optional.of("6.2")).run();

    assertThat(outcome).isInstanceOf(RollStep.Refused.class);
    assertThat(((RollStep.Refused) outcome).reason()).contains("6.2", "7.2.4", "downgrade");
    assertThat(actions).isEmpty();
  }

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final MovableClock clock = new MovableClock(T0);

  private ClusterShardRoll rollOnClock() {
    return new ClusterShardRoll(
        pods, servers, clock, Duration.ofSeconds(60), Duration.ofMillis(1), Optional.empty());
  }

  /** Steps the roll (both replicas restarted) until it has sent its first CLUSTER FAILOVER. */
  private void stepUntilTheFirstFailover(ClusterShardRoll roll) {
    for (int i = 0; i < 10 && failovers() == 0; i++) {
      roll.step();
    }
    assertThat(failovers()).isOne();
    assertThat(recorded).map(RollProgress::step).contains(RollProgress.Step.FAILOVER);
  }

  private long failovers() {
    return actions.stream().filter(action -> action.startsWith("failover to")).count();
  }

  private void at(long millis) {
    clock.set(T0.plusMillis(millis));
  }

  @Test
  void anAbandonedFailoverIsAskedAgainOnlyOnceTheReplicaGaveItUpAndTheRollGoesOn() {
    abandonFailovers = 1;
    failoverAnswerMillis = 300;
    ClusterShardRoll roll = rollOnClock();
    stepUntilTheFirstFailover(roll);
    assertThat(recorded.orElseThrow().since()).isEqualTo(T0);
    assertThat(recorded.orElseThrow().asked()).as("when it answered").isEqualTo(T0.plusMillis(300));

    // Redis's manual-failover timeout from the answer, and one run of the replica's cluster cron.
    at(4_000);
    assertThat(roll.step()).isInstanceOf(RollStep.Await.class);
    at(5_400);
    assertThat(roll.step()).isInstanceOf(RollStep.Await.class);
    assertThat(failovers()).as("asked again before the replica gave the failover up").isOne();

    at(5_401);
    RollStep again = roll.step();
    assertThat(again).isInstanceOf(RollStep.Await.class);
    assertThat(((RollStep.Await) again).reason()).contains("asked c-shard-0-0 again");
    assertThat(actions).last().isEqualTo("failover to c-shard-0-0");
    assertThat(recorded.orElseThrow().since()).as("the bound counts from the first").isEqualTo(T0);
    assertThat(recorded.orElseThrow().asked()).isEqualTo(T0.plusMillis(5_701));

    at(5_800);
    assertThat(roll.step()).isEqualTo(new RollStep.Restart("c-shard-0-1"));
    assertThat(roles).containsEntry("c-shard-0-0", "master");
    assertThat(roll.step()).isInstanceOf(RollStep.Done.class);
    assertThat(failovers()).isEqualTo(2);
  }

  @Test
  void withTheNodesRenderedTimeoutTheReplicaIsAskedAgainOnlyWhenItMayHoldAnotherElection() {
    nodeTimeoutMillis = 15_000;
    abandonFailovers = 1;
    failoverAnswerMillis = 300;
    // The daemon's bound: two minutes.
    ClusterShardRoll roll =
        new ClusterShardRoll(
            pods, servers, clock, Duration.ofMinutes(2), Duration.ofMillis(1), Optional.empty());
    stepUntilTheFirstFailover(roll);

    // Every request before then would lapse too, after pausing the master's writes again.
    at(5_401);
    assertThat(roll.step()).isInstanceOf(RollStep.Await.class);
    at(60_300);
    assertThat(roll.step()).isInstanceOf(RollStep.Await.class);
    assertThat(failovers()).isOne();

    at(60_401);
    assertThat(((RollStep.Await) roll.step()).reason()).contains("asked c-shard-0-0 again");
    assertThat(failovers()).isEqualTo(2);
  }

  @Test
  void aMooringThatTakesOverCountsFromTheRecordedRequestAndDoesNotAskSooner() {
    abandonFailovers = 2;
    stepUntilTheFirstFailover(rollOnClock());
    at(6_000);
    rollOnClock().step();
    assertThat(failovers()).isEqualTo(2);

    // A new leader, six seconds after the first request but one after the second.
    at(7_000);
    assertThat(rollOnClock().step()).isInstanceOf(RollStep.Await.class);
    at(11_100);
    assertThat(rollOnClock().step()).isInstanceOf(RollStep.Await.class);
    assertThat(failovers()).isEqualTo(2);
    at(11_101);
    rollOnClock().step();
    assertThat(failovers()).isEqualTo(3);
  }

  @Test
  void aSuccessorThatReportsMasterIsNeverAskedAgain() {
    bothMasters = true;
    ClusterShardRoll roll = rollOnClock();
    stepUntilTheFirstFailover(roll);
    assertThat(roles).containsEntry("c-shard-0-0", "master").containsEntry("c-shard-0-1", "master");

    for (long millis = 6_000; millis <= 60_000; millis += 6_000) {
      at(millis);
      assertThat(roll.step()).isInstanceOf(RollStep.Await.class);
    }
    assertThat(failovers()).isOne();

    // The old master hears of it and follows: the roll goes on without another request.
    roles.put("c-shard-0-1", "slave");
    assertThat(roll.step()).isEqualTo(new RollStep.Restart("c-shard-0-1"));
    assertThat(failovers()).isOne();
  }

  @Test
  void aReplicaThatFollowsAnotherMasterIsNotAskedAgain() {
    abandonFailovers = 1;
    ClusterShardRoll roll = rollOnClock();
    stepUntilTheFirstFailover(roll);
    replids.put("c-shard-0-0", "b2");
    replids.put("c-shard-0-2", "b2");

    at(6_000);
    assertThat(roll.step()).isInstanceOf(RollStep.Await.class);
    assertThat(failovers()).isOne();
  }

  @Test
  void failoversAskedAgainStillStopAtTheBoundOfTheFirstRequest() {
    abandonFailovers = Integer.MAX_VALUE;
    ClusterShardRoll roll = rollOnClock();
    stepUntilTheFirstFailover(roll);

    for (long millis = 6_000; millis <= 60_000; millis += 6_000) {
      at(millis);
      assertThat(roll.step()).isInstanceOf(RollStep.Await.class);
    }
    assertThat(failovers()).isEqualTo(11);

    at(60_001);
    RollStep stopped = roll.step();
    assertThat(stopped).isInstanceOf(RollStep.Degraded.class);
    assertThat(((RollStep.Degraded) stopped).pod()).isEqualTo("c-shard-0-1");
    assertThat(((RollStep.Degraded) stopped).reason()).contains("not healthy within 60 s");
    assertThat(failovers()).isEqualTo(11);
    assertThat(actions).doesNotContain("restart c-shard-0-1");
  }
}
