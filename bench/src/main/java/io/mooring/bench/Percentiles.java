package io.mooring.bench;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles of a sample; with fewer than 100 values p99 is the maximum. */
public final class Percentiles {
  private Percentiles() {}

  public static double of(List<Double> sample, double percentile) {
    if (sample.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = sample.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
