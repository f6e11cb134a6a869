package io.mooring.core.backup;

import io.mooring.core.spec.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The longest time between two backups a schedule takes: what "no backup for too long" is measured
 * against. Found by walking the schedule over a leap year and more, so that monthly and yearly
 * schedules count their longest month or year.
 */
public final class BackupInterval {
  // A leap year starts the walk, and 800 days cover two Februaries and every month length.
  private static final Instant START = Instant.parse("2028-01-01T00:00:00Z");
  private static final Instant END = START.plus(Duration.ofDays(800));

  private BackupInterval() {}

  /** The longest gap between two consecutive runs; the walk's length if it runs less often. */
  public static Duration longest(CronSchedule schedule) {
    Duration longest = Duration.ZERO;
    Optional<Instant> previous = schedule.next(START.minusSeconds(1));
    if (previous.isEmpty() || previous.get().isAfter(END)) {
      return Duration.between(START, END);
    }
    while (true) {
      Optional<Instant> next = schedule.next(previous.get());
      if (next.isEmpty() || next.get().isAfter(END)) {
        return longest.isZero() ? Duration.between(START, END) : longest;
      }
      Duration gap = Duration.between(previous.get(), next.get());
      if (gap.compareTo(longest) > 0) {
        longest = gap;
      }
      previous = next;
    }
  }
}
