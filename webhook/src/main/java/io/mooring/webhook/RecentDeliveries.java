package io.mooring.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the last delivery ids so a redelivered webhook (GitHub's "Redeliver", proxies retrying)
 * triggers nothing twice. Bounded: the oldest ids are forgotten first.
 */
public final class RecentDeliveries {
  private final Map<String, Boolean> seen;

  public RecentDeliveries(int capacity) {
    this.seen =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** True the first time an id is seen; blank ids are never treated as duplicates. */
  public synchronized boolean firstTime(String deliveryId) {
    if (deliveryId == null || deliveryId.isBlank()) {
      return true;
    }
    return seen.put(deliveryId, Boolean.TRUE) == null;
  }
}
