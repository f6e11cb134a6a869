package io.mooring.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.spec.CronSchedule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackupIntervalTest {
  private static Duration longest(String expression) {
    return BackupInterval.longest(CronSchedule.parse(expression).schedule().orElseThrow());
  }

  @Test
  void everySixHoursLeavesSixHours() {
    assertThat(longest("0 */6 * * *")).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void unevenHoursCountTheLongerGap() {
    assertThat(longest("30 1,20 * * *")).isEqualTo(Duration.ofHours(19));
  }

  @Test
  void aMonthlyBackupCountsTheLongestMonth() {
    assertThat(longest("0 3 1 * *")).isEqualTo(Duration.ofDays(31));
  }

  @Test
  void weekdaysOnlyCountTheWeekend() {
    assertThat(longest("0 2 * * 1-5")).isEqualTo(Duration.ofDays(3));
  }
}
