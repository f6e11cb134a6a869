package io.mooring.core.redisops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the roll asks while the master's writes are paused, against scripted servers. */
class FailoverHandoverTest {
  private final List<String> sent = new ArrayList<>();

  private RedisAccess servers(Map<String, String> infos, String sentinelMaster) {
    return new RedisAccess() {
      @Override
      public Optional<String> redis(String pod, List<String> command) {
        sent.add(pod + " " + String.join(" ", command));
        return command.get(0).equals("INFO")
            ? Optional.ofNullable(infos.get(pod))
            : Optional.of("OK");
      }

      @Override
      public Optional<String> sentinel(List<String> command) {
        return Optional.of(sentinelMaster + "\n6379");
      }

      @Override
      public Optional<String> podAt(String address) {
        return Optional.of(address.replace(".headless", ""));
      }
    };
  }

  @Test
  void aReplicaIsLevelOnlyWhenItsOwnOffsetHasReachedThePausedMasters() {
    String master = "role:master\r\nmaster_repl_offset:500\r\n";
    String level = "role:slave\r\nmaster_link_status:up\r\nslave_repl_offset:500\r\n";
    String behind = "role:slave\r\nmaster_link_status:up\r\nslave_repl_offset:480\r\n";
    String cutOff = "role:slave\r\nmaster_link_status:down\r\nslave_repl_offset:500\r\n";

    assertThat(
            new FailoverHandover(
                    servers(Map.of("r-0", master, "r-1", level, "r-2", level), ""), "m")
                .replicasHaveEverything("r-0", List.of("r-1", "r-2")))
        .isTrue();
    assertThat(
            new FailoverHandover(
                    servers(Map.of("r-0", master, "r-1", level, "r-2", behind), ""), "m")
                .replicasHaveEverything("r-0", List.of("r-1", "r-2")))
        .isFalse();
    assertThat(
            new FailoverHandover(
                    servers(Map.of("r-0", master, "r-1", level, "r-2", cutOff), ""), "m")
                .replicasHaveEverything("r-0", List.of("r-1", "r-2")))
        .isFalse();
    assertThat(
            new FailoverHandover(servers(Map.of("r-0", master, "r-1", level), ""), "m")
                .replicasHaveEverything("r-0", List.of("r-1", "r-2")))
        .isFalse();
  }

  @Test
  void theOldMasterFollowsThePromotedReplicaBeforeItsPausedWritesGoOn() {
    FailoverHandover stillOld = new FailoverHandover(servers(Map.of(), "r-0.headless"), "m");
    assertThat(stillOld.promoted("r-0")).isEmpty();

    FailoverHandover moved = new FailoverHandover(servers(Map.of(), "r-1.headless"), "m");
    List<String> promoted = moved.promoted("r-0").orElseThrow();
    moved.handOver("r-0", promoted, Optional.of("10"));

    assertThat(promoted).containsExactly("r-1.headless", "6379");
    assertThat(sent)
        .containsExactly(
            "r-0 REPLICAOF r-1.headless 6379",
            "r-0 CONFIG SET repl-ping-replica-period 10",
            "r-0 CONFIG REWRITE",
            "r-0 CLIENT UNPAUSE");
  }
}
