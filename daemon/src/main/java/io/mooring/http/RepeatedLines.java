package io.mooring.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keeps a flood of alike log lines down to one per interval: the first line of a kind is written,
 * the next ones within the interval are only counted, and the first one after it is written with
 * that count. What a flood costs is counted in metrics by the caller, not in log lines. Kinds must
 * be few (a provider and an outcome, never a value taken from a request): each keeps a counter.
 */
final class RepeatedLines {
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Window> windows = new HashMap<>();

  RepeatedLines(Duration interval, LongSupplier nanoTime) {
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Whether to write a line of this kind now: -1 to hold it back, else how many alike lines were
   * held back since the last one written.
   */
  synchronized long admit(String kind) {
    long now = nanoTime.getAsLong();
    Window window = windows.get(kind);
    if (window == null) {
      windows.put(kind, new Window(now));
      return 0;
    }
    if (now - window.writtenAt < intervalNanos) {
      window.heldBack++;
      return -1;
    }
    long heldBack = window.heldBack;
    window.writtenAt = now;
    window.heldBack = 0;
    return heldBack;
  }

  private static final class Window {
    long writtenAt;
    long heldBack;

    Window(long writtenAt) {
      this.writtenAt = writtenAt;
    }
  }
}
