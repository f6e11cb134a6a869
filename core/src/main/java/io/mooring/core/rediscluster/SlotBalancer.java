package io.mooring.core.rediscluster;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the next batch of slots to move so that the kept masters end with the even split. Slots
 * leave a leaving master first, and each batch goes to the kept master furthest below its share:
 * the slots of a leaving shard are spread over all remaining masters, never piled onto one.
 */
final class SlotBalancer {
  /** Slots per step: small enough for a status line to move, large enough to be quick. */
  static final int BATCH = 128;

  private SlotBalancer() {}

  /**
   * @param kept the kept masters in shard order (their index is their place in the even split)
   * @param leaving masters of leaving shards that still serve slots
   */
  static Optional<ClusterStep.MoveSlots> next(
      List<NodeAddress> kept,
      List<BitSet> keptSlots,
      List<NodeAddress> leaving,
      List<BitSet> leavingSlots) {
    int n = kept.size();
    int receiver = -1;
    int deficit = 0;
    for (int i = 0; i < n; i++) {
      int missing = SlotSplit.share(i, n) - keptSlots.get(i).cardinality();
      if (missing > deficit) {
        deficit = missing;
        receiver = i;
      }
    }
    NodeAddress source = null;
    BitSet from = null;
    int surplus = 0;
    for (int i = 0; i < leaving.size(); i++) {
      if (leavingSlots.get(i).cardinality() > surplus) {
        surplus = leavingSlots.get(i).cardinality();
        source = leaving.get(i);
        from = leavingSlots.get(i);
      }
    }
    if (source == null) {
      for (int i = 0; i < n; i++) {
        int extra = keptSlots.get(i).cardinality() - SlotSplit.share(i, n);
        if (extra > surplus) {
          surplus = extra;
          source = kept.get(i);
          from = keptSlots.get(i);
        }
      }
    }
    if (source == null || receiver < 0) {
      return Optional.empty();
    }
    int count = Math.min(BATCH, Math.min(surplus, deficit));
    // From the top of the source's slots: its remaining slots stay one contiguous run.
    List<Integer> slots = new ArrayList<>();
    for (int slot = from.previousSetBit(SlotRange.SLOTS - 1);
        slot >= 0 && slots.size() < count;
        slot = from.previousSetBit(slot - 1)) {
      slots.add(slot);
    }
    return Optional.of(new ClusterStep.MoveSlots(source, kept.get(receiver), slots));
  }
}
