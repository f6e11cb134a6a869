package io.mooring.core.rediscluster;

import java.util.ArrayList;
import java.util.List;

/** The even split of the 16384 slots over n masters, as redis-cli's cluster create makes it. */
public final class SlotSplit {
  private SlotSplit() {}

  /** How many slots master {@code i} of {@code n} should serve: the first ones get one more. */
  public static int share(int i, int n) {
    return SlotRange.SLOTS / n + (i < SlotRange.SLOTS % n ? 1 : 0);
  }

  /** Contiguous ranges, master 0 lowest: for 3 masters 0-5461, 5462-10922, 10923-16383. */
  public static List<SlotRange> ranges(int n) {
    List<SlotRange> ranges = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < n; i++) {
      int end = start + share(i, n) - 1;
      ranges.add(new SlotRange(start, end));
      start = end + 1;
    }
    return ranges;
  }

  /** Which master of {@code n} the even split gives {@code slot} to. */
  public static int ownerOf(int slot, int n) {
    List<SlotRange> ranges = ranges(n);
    for (int i = 0; i < n; i++) {
      if (slot <= ranges.get(i).end()) {
        return i;
      }
    }
    throw new IllegalArgumentException("not a slot: " + slot);
  }
}
