package io.mooring.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Replicas applying the balance rules to the shard Leases, simulated round by round: every replica
 * decides from the same view, then their writes reach the API in a random order and a take of a
 * shard someone else took first fails, as a Lease update with a stale version does.
 */
class ShardBalanceTest {
  private final Random random = new Random(19);

  @ParameterizedTest
  @CsvSource({"1,1", "4,3", "8,3", "10,4", "16,5", "3,5", "12,12", "32,7"})
  void replicasStartingTogetherEndWithinOneShardOfEachOther(int shards, int replicas) {
    Map<Integer, String> holders = new TreeMap<>();
    Set<String> members = replicas(replicas);

    settle(shards, holders, members);

    assertBalanced(shards, holders, members);
  }

  @Test
  void aJoiningReplicaTakesOnlyWhatItsShareNeedsFromTheOthers() {
    int shards = 10;
    Map<Integer, String> holders = new TreeMap<>();
    Set<String> members = replicas(3);
    settle(shards, holders, members);
    Map<Integer, String> before = new TreeMap<>(holders);

    members.add("replica-9");
    settle(shards, holders, members);

    assertBalanced(shards, holders, members);
    List<Integer> moved = moved(before, holders);
    assertThat(moved).allMatch(shard -> holders.get(shard).equals("replica-9"));
    assertThat(moved).hasSize(shards / members.size());
  }

  @Test
  void theShardsOfAReplicaThatDiedAreTakenAndNoOtherShardMoves() {
    int shards = 16;
    Map<Integer, String> holders = new TreeMap<>();
    Set<String> members = replicas(4);
    settle(shards, holders, members);
    Map<Integer, String> before = new TreeMap<>(holders);

    members.remove("replica-1");
    // Its Leases expire: the survivors see those shards free.
    holders.values().removeIf("replica-1"::equals);
    settle(shards, holders, members);

    assertBalanced(shards, holders, members);
    assertThat(moved(before, holders))
        .containsExactlyInAnyOrderElementsOf(shardsOf(before, "replica-1"));
  }

  @Test
  void nothingMovesWhileEveryReplicaHoldsItsShare() {
    int shards = 7;
    Map<Integer, String> holders = new TreeMap<>();
    Set<String> members = replicas(3);
    settle(shards, holders, members);

    for (String replica : members) {
      ShardBalance.Decision decision = ShardBalance.decide(shards, replica, holders, members);
      assertThat(decision.take()).as("%s takes", replica).isEmpty();
      assertThat(decision.release()).as("%s releases", replica).isEmpty();
    }
  }

  @Test
  void aReplicaAboveTheNewShareReleasesItsHighestShards() {
    Map<Integer, String> holders = new TreeMap<>();
    for (int shard = 0; shard < 6; shard++) {
      holders.put(shard, "a");
    }

    ShardBalance.Decision decision = ShardBalance.decide(6, "a", holders, Set.of("a", "b"));

    assertThat(decision.release()).containsExactly(5, 4, 3);
    assertThat(decision.take()).isEmpty();
  }

  /** Rounds until nobody wants to change anything (bounded: a livelock fails the test). */
  private void settle(int shards, Map<Integer, String> holders, Set<String> members) {
    for (int round = 0; round < 100; round++) {
      Map<String, ShardBalance.Decision> decisions = new TreeMap<>();
      for (String replica : members) {
        decisions.put(replica, ShardBalance.decide(shards, replica, holders, members));
      }
      if (decisions.values().stream().allMatch(d -> d.take().isEmpty() && d.release().isEmpty())) {
        return;
      }
      List<String> order = new ArrayList<>(decisions.keySet());
      Collections.shuffle(order, random);
      for (String replica : order) {
        ShardBalance.Decision decision = decisions.get(replica);
        decision.release().forEach(holders::remove);
        decision.take().forEach(shard -> holders.putIfAbsent(shard, replica));
      }
    }
    throw new AssertionError("the shards did not settle: " + holders);
  }

  private static void assertBalanced(
      int shards, Map<Integer, String> holders, Set<String> members) {
    assertThat(holders).as("every shard has an owner").hasSize(shards);
    Map<String, Integer> counts = new HashMap<>();
    members.forEach(member -> counts.put(member, 0));
    holders.values().forEach(holder -> counts.merge(holder, 1, Integer::sum));
    assertThat(counts.keySet()).as("only running replicas hold shards").isEqualTo(members);
    int most = Collections.max(counts.values());
    int fewest = Collections.min(counts.values());
    assertThat(most - fewest).as("shards per replica %s", counts).isLessThanOrEqualTo(1);
  }

  private static List<Integer> moved(Map<Integer, String> before, Map<Integer, String> after) {
    List<Integer> moved = new ArrayList<>();
    before.forEach(
        (shard, holder) -> {
          if (!holder.equals(after.get(shard))) {
            moved.add(shard);
          }
        });
    return moved;
  }

  private static List<Integer> shardsOf(Map<Integer, String> holders, String replica) {
    List<Integer> shards = new ArrayList<>();
    holders.forEach(
        (shard, holder) -> {
          if (holder.equals(replica)) {
            shards.add(shard);
          }
        });
    return shards;
  }

  private static Set<String> replicas(int count) {
    Set<String> replicas = new TreeSet<>();
    for (int i = 0; i < count; i++) {
      replicas.add("replica-" + i);
    }
    return replicas;
  }
}
