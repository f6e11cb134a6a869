package io.mooring.daemon;

import io.mooring.core.spec.AppRef;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How long to wait before healing an app's drift. The first heal waits a short grace (so the drift
 * is seen in metrics before it disappears); each further heal of the same app within the window
 * doubles the wait, so a fight with another controller that keeps changing the object cannot loop
 * hot. Only apps healed within the window are remembered, and an app that is gone is forgotten.
 */
public final class SelfHealBackoff {
  private final Duration first;
  private final Duration max;
  private final Duration window;
  private final Map<AppRef, Deque<Long>> heals = new HashMap<>();

  public SelfHealBackoff(Duration first, Duration max, Duration window) {
    this.first = first;
    this.max = max;
    this.window = window;
  }

  public static SelfHealBackoff defaults() {
    return new SelfHealBackoff(
        Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofMinutes(10));
  }

  /** Records a heal of {@code app} at {@code nowNanos} and returns how long to wait before it. */
  public synchronized Duration nextDelay(AppRef app, long nowNanos) {
    // Heals outside the window no longer count: apps with none left are dropped with them.
    heals.values().forEach(recent -> dropExpired(recent, nowNanos));
    heals.values().removeIf(Deque::isEmpty);
    Deque<Long> recent = heals.computeIfAbsent(app, a -> new ArrayDeque<>());
    int earlier = recent.size();
    recent.addLast(nowNanos);
    long nanos = first.toNanos();
    for (int i = 0; i < earlier && nanos < max.toNanos(); i++) {
      nanos *= 2;
    }
    return Duration.ofNanos(Math.min(nanos, max.toNanos()));
  }

  /** An app with no spec left to heal to: its heals no longer matter. */
  public synchronized void forget(AppRef app) {
    heals.remove(app);
  }

  /** The apps whose recent heals are remembered. */
  synchronized Set<AppRef> remembered() {
    return Set.copyOf(heals.keySet());
  }

  private void dropExpired(Deque<Long> recent, long nowNanos) {
    while (!recent.isEmpty() && nowNanos - recent.peekFirst() > window.toNanos()) {
      recent.removeFirst();
    }
  }
}
