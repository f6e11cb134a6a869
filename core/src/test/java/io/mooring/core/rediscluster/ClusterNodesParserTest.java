package io.mooring.core.rediscluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterNodesParserTest {
  private static final String REPLY =
      "07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:30004@31004,pod-1 slave"
          + " e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1426238317239 4 connected\n"
          + "67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 127.0.0.1:30002@31002,pod-2 master - 0"
          + " 1426238316232 2 connected 5461-10922\n"
          + "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@31001,pod-0 myself,master -"
          + " 0 0 1 connected 0-5460 [5461-<-67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1]"
          + " [16000->-6ec23923021cf3ffec47632106199cb7f496ce01]\n"
          + "6ec23923021cf3ffec47632106199cb7f496ce01 :30005@31005 master,fail?,noaddr - 0 0 5"
          + " disconnected 10923-16383 42\n";

  @Test
  void readsRolesSlotsAndOpenSlotsAsRedisWritesThem() {
    List<ClusterNode> nodes = ClusterNodesParser.parse(REPLY);

    assertThat(nodes).hasSize(4);
    ClusterNode replica = nodes.get(0);
    assertThat(replica.replica()).isTrue();
    assertThat(replica.masterId()).isEqualTo("e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca");
    assertThat(replica.hostname()).isEqualTo("pod-1");
    assertThat(replica.port()).isEqualTo(30004);
    assertThat(replica.slotCount()).isZero();

    ClusterNode myself = nodes.get(2);
    assertThat(myself.myself()).isTrue();
    assertThat(myself.slotCount()).isEqualTo(5461);
    assertThat(myself.importing())
        .isEqualTo(Map.of(5461, "67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1"));
    assertThat(myself.migrating())
        .isEqualTo(Map.of(16000, "6ec23923021cf3ffec47632106199cb7f496ce01"));
    assertThat(myself.owns(5461)).as("an importing slot is not owned yet").isFalse();

    ClusterNode failing = nodes.get(3);
    assertThat(failing.failing()).isTrue();
    assertThat(failing.joining()).isTrue();
    assertThat(failing.ip()).isEmpty();
    assertThat(failing.connected()).isFalse();
    assertThat(SlotRange.of(failing.slots()))
        .containsExactly(new SlotRange(42, 42), new SlotRange(10923, 16383));
  }

  @Test
  void theEvenSplitGivesEachOf3Masters5461Or5462Slots() {
    assertThat(SlotSplit.ranges(3))
        .containsExactly(
            new SlotRange(0, 5461), new SlotRange(5462, 10922), new SlotRange(10923, 16383));
    assertThat(SlotSplit.ownerOf(5462, 3)).isEqualTo(1);
    assertThat(SlotSplit.ranges(4)).allSatisfy(r -> assertThat(r.size()).isEqualTo(4096));
  }
}
