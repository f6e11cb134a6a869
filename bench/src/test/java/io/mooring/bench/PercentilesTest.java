package io.mooring.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {
  @Test
  void nearestRankOverAnUnsortedSample() {
    List<Double> sample = List.of(5.0, 1.0, 4.0, 2.0, 3.0);
    assertThat(Percentiles.of(sample, 50)).isEqualTo(3.0);
    assertThat(Percentiles.of(sample, 99)).isEqualTo(5.0);
    assertThat(Percentiles.of(sample, 1)).isEqualTo(1.0);
  }

  @Test
  void anEmptySampleHasNoPercentile() {
    assertThat(Percentiles.of(List.of(), 50)).isNaN();
  }
}
