package io.mooring.core.plan;

import io.mooring.core.spec.AppLifecycle.MaintenanceWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/** When a weekly UTC window is open, and when it opens next. */
public final class MaintenanceWindows {
  private MaintenanceWindows() {}

  public static boolean isOpen(MaintenanceWindow window, Instant now) {
    Instant start = latestStart(window, now);
    return !now.isBefore(start) && now.isBefore(start.plus(window.length()));
  }

  /** The start of the window that is open at {@code now}, else of the next one. */
  public static Instant next(MaintenanceWindow window, Instant now) {
    Instant start = latestStart(window, now);
    if (now.isBefore(start.plus(window.length()))) {
      return start;
    }
    return start.plus(Duration.ofDays(7));
  }

  /** The window's start on the last of its weekdays up to today (UTC). */
  private static Instant latestStart(MaintenanceWindow window, Instant now) {
    LocalDate day =
        now.atZone(ZoneOffset.UTC)
            .toLocalDate()
            .with(TemporalAdjusters.previousOrSame(window.day()));
    // When today is the window's day and its start is still ahead, last week's window (shorter
    // than a week) is long closed, and today's is the next.
    return day.atTime(window.start()).toInstant(ZoneOffset.UTC);
  }
}
