package io.mooring.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RepeatedLinesTest {
  private final AtomicLong now = new AtomicLong();
  private final RepeatedLines lines = new RepeatedLines(Duration.ofMinutes(1), now::get);

  @Test
  void theFirstLineOfAKindIsWrittenThenOnePerIntervalWithTheCountHeldBack() {
    assertThat(lines.admit("github unauthorized")).isZero();
    assertThat(lines.admit("github unauthorized")).isEqualTo(-1);
    assertThat(lines.admit("github unauthorized")).isEqualTo(-1);

    now.addAndGet(Duration.ofSeconds(61).toNanos());
    assertThat(lines.admit("github unauthorized")).isEqualTo(2);
    assertThat(lines.admit("github unauthorized")).isEqualTo(-1);

    now.addAndGet(Duration.ofMinutes(5).toNanos());
    assertThat(lines.admit("github unauthorized")).isEqualTo(1);
  }

  @Test
  void kindsAreHeldBackApart() {
    assertThat(lines.admit("github unauthorized")).isZero();
    assertThat(lines.admit("gitlab unauthorized")).isZero();
    assertThat(lines.admit("github too_large")).isZero();
    assertThat(lines.admit("github unauthorized")).isEqualTo(-1);
  }
}
