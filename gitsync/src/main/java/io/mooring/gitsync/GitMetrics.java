package io.mooring.gitsync;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The mirror's meters. Names are dotted with a base unit so Prometheus exposes {@code
 * mooring_git_fetch_duration_seconds}, {@code mooring_git_last_success_timestamp_seconds} and
 * {@code mooring_git_consecutive_failures}. No commit sha is ever a tag: it would make a series per
 * push.
 */
final class GitMetrics implements AutoCloseable {

  private final MeterRegistry registry;
  private final Timer successes;
  private final Timer failures;
  private final List<Meter> meters;
  private volatile double lastSuccessSeconds;
  private volatile int consecutiveFailures;

  GitMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.successes = fetchTimer("success");
    this.failures = fetchTimer("failure");
    Gauge lastSuccess =
        Gauge.builder("mooring.git.last.success.timestamp", this, m -> m.lastSuccessSeconds)
            .description("Unix time of the last successful fetch of the config repository")
            .baseUnit("seconds")
            .strongReference(true)
            .register(registry);
    Gauge failuresInARow =
        Gauge.builder("mooring.git.consecutive.failures", this, m -> m.consecutiveFailures)
            .description(
                "Fetches of the config repository, and reads of its mirror, that failed since the"
                    + " last success")
            .strongReference(true)
            .register(registry);
    this.meters = List.of(successes, failures, lastSuccess, failuresInARow);
  }

  private Timer fetchTimer(String result) {
    return Timer.builder("mooring.git.fetch.duration")
        .description("Duration of fetches of the config repository")
        .tag("result", result)
        .register(registry);
  }

  void success(Duration took, Instant at) {
    successes.record(took);
    lastSuccessSeconds = at.toEpochMilli() / 1000.0;
  }

  void failure(Duration took) {
    failures.record(took);
  }

  /** Failed fetches and failed reads of the mirror since it last fetched and read. */
  void failuresInARow(int count) {
    consecutiveFailures = count;
  }

  /** Removes the meters, so a mirror reopened on the same registry reports its own values. */
  @Override
  public void close() {
    meters.forEach(registry::remove);
  }
}
