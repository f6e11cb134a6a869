package io.mooring.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.spec.AppLifecycle.MaintenanceWindow;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class MaintenanceWindowsTest {
  private static final MaintenanceWindow FRIDAY_23 =
      new MaintenanceWindow(DayOfWeek.FRIDAY, LocalTime.of(23, 0), Duration.ofHours(1));
  private static final MaintenanceWindow SUNDAY_2330 =
      new MaintenanceWindow(DayOfWeek.SUNDAY, LocalTime.of(23, 30), Duration.ofHours(1));

  @Test
  void theWindowIsOpenForOneHourFromItsStartInUtc() {
    assertThat(MaintenanceWindows.isOpen(FRIDAY_23, at("2026-12-04T22:59:59Z"))).isFalse();
    assertThat(MaintenanceWindows.isOpen(FRIDAY_23, at("2026-12-04T23:00:00Z"))).isTrue();
    assertThat(MaintenanceWindows.isOpen(FRIDAY_23, at("2026-12-04T23:59:59Z"))).isTrue();
    assertThat(MaintenanceWindows.isOpen(FRIDAY_23, at("2026-12-05T00:00:00Z"))).isFalse();
  }

  @Test
  void theNextWindowIsLaterThisWeekOrNextWeek() {
    assertThat(MaintenanceWindows.next(FRIDAY_23, at("2026-12-02T12:00:00Z")))
        .isEqualTo(at("2026-12-04T23:00:00Z"));
    assertThat(MaintenanceWindows.next(FRIDAY_23, at("2026-12-04T12:00:00Z")))
        .isEqualTo(at("2026-12-04T23:00:00Z"));
    assertThat(MaintenanceWindows.next(FRIDAY_23, at("2026-12-05T00:00:00Z")))
        .isEqualTo(at("2026-12-11T23:00:00Z"));
  }

  @Test
  void aWindowThatCrossesMidnightIsOpenOnTheNextDay() {
    assertThat(MaintenanceWindows.isOpen(SUNDAY_2330, at("2026-12-07T00:15:00Z"))).isTrue();
    assertThat(MaintenanceWindows.isOpen(SUNDAY_2330, at("2026-12-07T00:30:00Z"))).isFalse();
    assertThat(MaintenanceWindows.next(SUNDAY_2330, at("2026-12-07T00:30:00Z")))
        .isEqualTo(at("2026-12-13T23:30:00Z"));
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }
}
