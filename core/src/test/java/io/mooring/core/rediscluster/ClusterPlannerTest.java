package io.mooring.core.rediscluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner's choices on clusters written by hand, as the servers would report them. */
class ClusterPlannerTest {
  private final Map<NodeAddress, Node> nodes = new LinkedHashMap<>();

  private static final class Node {
    final String id;
    String masterId;
    final BitSet slots = new BitSet(SlotRange.SLOTS);
    final Map<Integer, String> migrating = new LinkedHashMap<>();
    final Map<Integer, String> importing = new LinkedHashMap<>();
    long keys;
    boolean alone;
    boolean gone;

    /** Where this node believes others are, by id, when that differs from where they are. */
    final Map<String, String> seenAt = new LinkedHashMap<>();

    Node(String id) {
      this.id = id;
    }
  }

  private static NodeAddress pod(int shard, int ordinal) {
    return new NodeAddress("10.0." + shard + "." + ordinal, 6379);
  }

  private Node node(int shard, int ordinal) {
    return nodes.computeIfAbsent(
        pod(shard, ordinal), p -> new Node(String.format("%040d", shard * 10 + ordinal + 1)));
  }

  /** A settled cluster: shard masters at ordinal 0 with the even split, replicas following. */
  private void cluster(int masters, int podsPerShard) {
    List<SlotRange> split = SlotSplit.ranges(masters);
    for (int s = 0; s < masters; s++) {
      Node master = node(s, 0);
      master.slots.set(split.get(s).start(), split.get(s).end() + 1);
      for (int o = 1; o < podsPerShard; o++) {
        node(s, o).masterId = master.id;
      }
    }
  }

  private LiveCluster live() {
    List<NodeReport> reports = new ArrayList<>();
    for (Map.Entry<NodeAddress, Node> entry : nodes.entrySet()) {
      if (entry.getValue().gone) {
        continue;
      }
      List<ClusterNode> view = new ArrayList<>();
      for (Map.Entry<NodeAddress, Node> other : nodes.entrySet()) {
        boolean myself = other.getKey().equals(entry.getKey());
        if (entry.getValue().alone && !myself) {
          continue;
        }
        if (!myself && other.getValue().alone) {
          continue;
        }
        Node n = other.getValue();
        view.add(
            new ClusterNode(
                n.id,
                entry.getValue().seenAt.getOrDefault(n.id, other.getKey().host()),
                6379,
                "",
                myself
                    ? Set.of("myself", n.masterId == null ? "master" : "slave")
                    : Set.of(n.masterId == null ? "master" : "slave"),
                n.masterId,
                true,
                n.slots,
                myself ? n.migrating : Map.of(),
                myself ? n.importing : Map.of()));
      }
      reports.add(
          new NodeReport(
              entry.getKey(), entry.getKey().host(), null, view, true, entry.getValue().keys));
    }
    return new LiveCluster(reports);
  }

  private DesiredLayout layout(int masters, int replicas, int shards, int podsPerShard) {
    List<List<NodeAddress>> pods = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      List<NodeAddress> shard = new ArrayList<>();
      for (int o = 0; o < podsPerShard; o++) {
        node(s, o);
        shard.add(pod(s, o));
      }
      pods.add(shard);
    }
    return new DesiredLayout(masters, replicas, pods);
  }

  @Test
  void aNewClusterIsMetThenSplitEvenlyOverTheShardMasters() {
    DesiredLayout layout = layout(3, 1, 3, 2);
    nodes.values().forEach(n -> n.alone = true);

    ClusterStep meet = ClusterPlanner.next(layout, live());
    assertThat(meet).isInstanceOf(ClusterStep.Meet.class);
    assertThat(((ClusterStep.Meet) meet).to()).hasSize(5);

    nodes.values().forEach(n -> n.alone = false);
    ClusterStep assign = ClusterPlanner.next(layout, live());
    assertThat(assign)
        .isEqualTo(
            new ClusterStep.AssignSlots(
                Map.of(
                    pod(0, 0), List.of(new SlotRange(0, 5461)),
                    pod(1, 0), List.of(new SlotRange(5462, 10922)),
                    pod(2, 0), List.of(new SlotRange(10923, 16383)))));
  }

  @Test
  void aFreshNodeWithKeysIsNeverMadePartOfACluster() {
    DesiredLayout layout = layout(3, 0, 3, 1);
    nodes.values().forEach(n -> n.alone = true);
    node(1, 0).keys = 12;

    ClusterStep step = ClusterPlanner.next(layout, live());

    assertThat(step).isInstanceOf(ClusterStep.Blocked.class);
    assertThat(step.describe()).contains("10.0.1.0:6379 holds 12 keys");
  }

  @Test
  void aReplicaFollowsItsShardsMaster() {
    cluster(3, 2);
    node(2, 1).masterId = node(0, 0).id;

    ClusterStep step = ClusterPlanner.next(layout(3, 1, 3, 2), live());

    assertThat(step).isEqualTo(new ClusterStep.Replicate(pod(2, 1), node(2, 0).id));
  }

  @Test
  void afterAFailoverThePromotedReplicaStaysMaster() {
    cluster(3, 2);
    Node old = node(0, 0);
    Node promoted = node(0, 1);
    promoted.slots.or(old.slots);
    old.slots.clear();
    promoted.masterId = null;
    old.masterId = promoted.id;

    assertThat(ClusterPlanner.next(layout(3, 1, 3, 2), live()))
        .isEqualTo(new ClusterStep.Done(List.of()));
  }

  @Test
  void scaleOutMovesSlotsToTheNewMasterFromTheFullestOne() {
    cluster(3, 1);
    DesiredLayout layout = layout(4, 0, 4, 1);

    ClusterStep step = ClusterPlanner.next(layout, live());

    ClusterStep.MoveSlots move = (ClusterStep.MoveSlots) step;
    assertThat(move.target()).isEqualTo(pod(3, 0));
    assertThat(move.source()).isEqualTo(pod(0, 0));
    assertThat(move.slots()).hasSize(SlotBalancer.BATCH).startsWith(5461);
  }

  @Test
  void scaleInSpreadsTheLeavingShardsSlotsOverEveryRemainingMaster() {
    cluster(4, 1);
    DesiredLayout layout = layout(3, 0, 4, 1);
    Set<NodeAddress> receivers = new java.util.HashSet<>();
    for (int i = 0; i < 3; i++) {
      ClusterStep.MoveSlots move = (ClusterStep.MoveSlots) ClusterPlanner.next(layout, live());
      assertThat(move.source()).isEqualTo(pod(3, 0));
      receivers.add(move.target());
      Node target = nodes.get(move.target());
      move.slots()
          .forEach(
              slot -> {
                node(3, 0).slots.clear(slot);
                target.slots.set(slot);
              });
    }
    assertThat(receivers).containsExactlyInAnyOrder(pod(0, 0), pod(1, 0), pod(2, 0));
  }

  @Test
  void aDrainedShardIsForgottenReplicaFirstThenReported() {
    cluster(3, 2);
    node(3, 0);
    node(3, 1).masterId = node(3, 0).id;
    DesiredLayout layout = layout(3, 1, 4, 2);

    ClusterStep first = ClusterPlanner.next(layout, live());
    assertThat(first).isInstanceOf(ClusterStep.Forget.class);
    assertThat(((ClusterStep.Forget) first).nodeId()).isEqualTo(node(3, 1).id);
  }

  @Test
  void aHalfMovedSlotIsFinishedBeforeAnythingElse() {
    cluster(3, 1);
    node(0, 0).migrating.put(100, node(1, 0).id);
    node(1, 0).importing.put(100, node(0, 0).id);

    ClusterStep step = ClusterPlanner.next(layout(4, 0, 4, 1), live());

    assertThat(step)
        .isEqualTo(new ClusterStep.FinishMigration(100, node(0, 0).id, node(1, 0).id, false));
  }

  @Test
  void aMasterWithSlotsThatIsNotAPodOfTheAppIsNeverForgotten() {
    cluster(3, 1);
    Node stranger = node(3, 0);
    stranger.gone = true;
    stranger.slots.set(0);
    node(0, 0).slots.clear(0);
    // Shard 3 is no longer running: its pod is not in the layout, but the cluster knows it.
    ClusterStep step = ClusterPlanner.next(layout(3, 0, 3, 1), live());

    assertThat(step).isInstanceOf(ClusterStep.Blocked.class);
    assertThat(step.describe()).contains("serves slots [0]", "not one of the pods");
  }

  @Test
  void aClusterIsNotSettledWhileANodeKnowsAnotherAtItsOldAddress() {
    cluster(3, 1);
    // After every pod restarted on a new address, the anchor met them all again; this node still
    // has the old address of another until gossip corrects it. A client seeded from it would try
    // to reach a master where no server listens.
    node(2, 0).seenAt.put(node(1, 0).id, "10.9.9.9");

    ClusterStep step = ClusterPlanner.next(layout(3, 0, 3, 1), live());

    assertThat(step).isInstanceOf(ClusterStep.Wait.class);
    assertThat(step.describe()).contains(pod(2, 0).toString(), "old address");
  }
}
