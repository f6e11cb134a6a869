package io.mooring.core.redisops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
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
  private boolean refuseFailover;

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
          if (command.equals(List.of("CLUSTER", "FAILOVER"))) {
            actions.add("failover to " + pod);
            if (refuseFailover) {
              return Optional.of("ERR Master is down or failed, please use CLUSTER FAILOVER FORCE");
            }
            roles.replaceAll((name, role) -> name.equals(pod) ? "master" : "slave");
            return Optional.of("OK");
          }
          String role = roles.get(pod);
          return Optional.of(
              "role:"
                  + role
                  + "\nmaster_repl_offset:100\nslave_repl_offset:100\nmaster_link_status:up\n"
                  + "master_sync_in_progress:0\nloading:0\nredis_version:7.2.4\n");
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
    assertThat(records)
        .extracting(record -> record.map(p -> p.step() + " " + p.pod()).orElse("cleared"))
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
}
