package io.mooring.core.rediscluster;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** An inclusive run of hash slots, as CLUSTER NODES and CLUSTER ADDSLOTSRANGE write them. */
public record SlotRange(int start, int end) {
  /** Redis Cluster's fixed number of hash slots. */
  public static final int SLOTS = 16384;

  public SlotRange {
    if (start < 0 || end >= SLOTS || start > end) {
      throw new IllegalArgumentException("not a slot range: " + start + "-" + end);
    }
  }

  public int size() {
    return end - start + 1;
  }

  /** The set slots as the shortest list of ranges, lowest first. */
  public static List<SlotRange> of(BitSet slots) {
    List<SlotRange> ranges = new ArrayList<>();
    int start = slots.nextSetBit(0);
    while (start >= 0) {
      int end = slots.nextClearBit(start) - 1;
      ranges.add(new SlotRange(start, end));
      start = slots.nextSetBit(end + 1);
    }
    return ranges;
  }

  @Override
  public String toString() {
    return start == end ? Integer.toString(start) : start + "-" + end;
  }
}
