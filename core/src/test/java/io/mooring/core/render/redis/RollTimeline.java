package io.mooring.core.render.redis;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What happened when during a roll, from the roll's, the Sentinels' and the writer's side, on one
 * clock: it shows where a write outage goes.
 */
final class RollTimeline {
  /** One thing that happened, at {@code nanos} on {@link System#nanoTime()}. */
  record Mark(long nanos, String what) {}

  private final ConcurrentLinkedQueue<Mark> marks = new ConcurrentLinkedQueue<>();

  void mark(String what) {
    marks.add(new Mark(System.nanoTime(), what));
  }

  List<Mark> marks() {
    return List.copyOf(marks);
  }

  /**
   * The marks from {@code fromNanos} to {@code toNanos}, one a line, in milliseconds after {@code
   * fromNanos}.
   */
  String between(long fromNanos, long toNanos) {
    StringBuilder out = new StringBuilder();
    marks.stream()
        .filter(mark -> mark.nanos() >= fromNanos && mark.nanos() <= toNanos)
        .sorted(java.util.Comparator.comparingLong(Mark::nanos))
        .forEach(
            mark ->
                out.append(
                    String.format(
                        "  +%5d ms  %s%n", (mark.nanos() - fromNanos) / 1_000_000, mark.what())));
    return out.toString();
  }
}
