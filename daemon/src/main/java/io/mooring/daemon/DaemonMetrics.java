package io.mooring.daemon;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mooring.status.SyncProgress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon's own meters: push-to-applied latency, leadership, the last successful sync and the
 * specs in git it cannot use, and the progress of the sync under way.
 */
public final class DaemonMetrics {
  private final Timer pushToApplied;
  private final AtomicInteger leader = new AtomicInteger();
  private final AtomicLong lastSync = new AtomicLong();
  private final AtomicInteger invalidSpecs = new AtomicInteger();
  private final Clock clock;
  private final MeterRegistry registry;

  public DaemonMetrics(MeterRegistry registry, Clock clock) {
    this.clock = clock;
    this.registry = registry;
    this.pushToApplied =
        Timer.builder("mooring.push.to.applied")
            .description("From a webhook received to the last write of the commit it announced")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(5))
            .maximumExpectedValue(Duration.ofMinutes(2))
            .register(registry);
    Gauge.builder("mooring.leader", leader, AtomicInteger::get)
        .description("1 on the replica that may write to the cluster")
        .register(registry);
    Gauge.builder("mooring.last.sync.timestamp", lastSync, AtomicLong::get)
        .description("Unix time of the last sync that read git and reconciled without error")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("mooring.invalid.specs", invalidSpecs, AtomicInteger::get)
        .description(
            "Specs in git that cannot be used: apps whose spec is invalid or cannot be rendered,"
                + " and spec files with errors that name no app")
        .register(registry);
  }

  /** Progress of the sync under way, as gauges that are 0 while no sync runs. */
  public void follow(SyncProgress progress) {
    Gauge.builder("mooring.sync.apps.done", progress, SyncProgress::done)
        .description("Apps the sync under way has reconciled so far; 0 when no sync runs")
        .register(registry);
    Gauge.builder("mooring.sync.apps.planned", progress, SyncProgress::total)
        .description("Apps the sync under way goes through; 0 when no sync runs")
        .register(registry);
  }

  public void pushApplied(Duration took) {
    pushToApplied.record(took);
  }

  public void leader(boolean isLeader) {
    leader.set(isLeader ? 1 : 0);
  }

  public void invalidSpecs(int count) {
    invalidSpecs.set(count);
  }

  public void syncSucceeded() {
    lastSync.set(clock.millis() / 1000);
  }
}
