package io.mooring.shard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one replica does with the shard Leases on one round, from what it sees: every replica
 * applies the same rules to the same view, so they converge without talking to each other.
 *
 * <ul>
 *   <li>A fair share is {@code shards / replicas} rounded down or up: nobody holds more than the
 *       upper one, so a replica above it (after another joined) releases its excess.
 *   <li>Each replica has a target, the lower share or the upper one; the upper ones go to the
 *       replicas that hold the most already. A free shard (never held, released, or its holder
 *       stopped renewing) is taken by a replica below its target.
 *   <li>When no shard is free and some replica is below its target, those above theirs release the
 *       difference.
 * </ul>
 *
 * Nothing moves when every replica holds its share: shards move only when replicas come or go, and
 * then only as many as the new shares need.
 */
public final class ShardBalance {
  private ShardBalance() {}

  /**
   * One round's moves.
   *
   * @param take free shards to try to take, best first
   * @param release shards this replica holds and gives up
   */
  public record Decision(List<Integer> take, List<Integer> release) {
    public Decision {
      take = List.copyOf(take);
      release = List.copyOf(release);
    }

    static final Decision NOTHING = new Decision(List.of(), List.of());
  }

  /**
   * The moves of replica {@code me}.
   *
   * @param shards how many shards there are
   * @param me this replica's identity
   * @param holders the holder of each shard whose Lease is alive; free shards are absent
   * @param members the replicas known to be running (this one and the holders count anyway)
   */
  public static Decision decide(
      int shards, String me, Map<Integer, String> holders, Set<String> members) {
    Set<String> replicas = new TreeSet<>(members);
    replicas.add(me);
    replicas.addAll(holders.values());
    int lower = shards / replicas.size();
    int upper = (shards + replicas.size() - 1) / replicas.size();
    Map<String, Integer> held = new HashMap<>();
    replicas.forEach(replica -> held.put(replica, 0));
    holders.values().forEach(holder -> held.merge(holder, 1, Integer::sum));
    List<Integer> mine = new ArrayList<>();
    List<Integer> free = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      String holder = holders.get(shard);
      if (me.equals(holder)) {
        mine.add(shard);
      } else if (holder == null) {
        free.add(shard);
      }
    }
    if (mine.size() > upper) {
      return new Decision(List.of(), highestFirst(mine).subList(0, mine.size() - upper));
    }
    Map<String, Integer> targets = targets(held, lower, shards % replicas.size());
    int target = targets.get(me);
    if (!free.isEmpty()) {
      if (mine.size() >= target) {
        return Decision.NOTHING;
      }
      // Each replica prefers other free shards (rendezvous order), so replicas starting together
      // rarely race for the same Lease.
      free.sort(Comparator.comparingLong(shard -> ShardRing.hash(me + "@" + shard)));
      return new Decision(free.subList(0, Math.min(target - mine.size(), free.size())), List.of());
    }
    boolean someoneShort =
        held.entrySet().stream()
            .anyMatch(replica -> replica.getValue() < targets.get(replica.getKey()));
    if (someoneShort && mine.size() > target) {
      // The targets add up to the shard count: what the replicas above theirs release is exactly
      // what the others lack.
      return new Decision(List.of(), highestFirst(mine).subList(0, mine.size() - target));
    }
    return Decision.NOTHING;
  }

  /**
   * How many shards each replica should hold: the lower share, and one more for as many replicas as
   * the division leaves over. Those are the replicas already holding the most (ties broken by name,
   * alike on every replica), so that reaching the targets moves as few shards as possible.
   */
  private static Map<String, Integer> targets(
      Map<String, Integer> held, int lower, int extraShards) {
    List<String> ranked = new ArrayList<>(held.keySet());
    ranked.sort(
        Comparator.<String>comparingInt(held::get)
            .reversed()
            .thenComparing(Comparator.naturalOrder()));
    Map<String, Integer> targets = new HashMap<>();
    for (int i = 0; i < ranked.size(); i++) {
      targets.put(ranked.get(i), lower + (i < extraShards ? 1 : 0));
    }
    return targets;
  }

  private static List<Integer> highestFirst(List<Integer> shards) {
    List<Integer> sorted = new ArrayList<>(shards);
    sorted.sort(Comparator.reverseOrder());
    return sorted;
  }
}
