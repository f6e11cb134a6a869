package io.mooring.core.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.mooring.core.backup.BackupCatalogue;
import io.mooring.core.backup.BackupListener;
import io.mooring.core.spec.AppRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backups of each app with {@code backup}, as Mooring last read them from the sidecar: the
 * newest snapshot's time, duration and size, the failures, and the longest gap the schedule leaves
 * (the alert for a missing backup compares against it). Before the first snapshot the snapshot
 * gauges are NaN, which no alert comparison matches.
 */
public final class BackupMetrics implements BackupListener {
  private final MeterRegistry registry;
  private final Map<AppRef, Values> apps = new ConcurrentHashMap<>();

  public BackupMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  private static final class Values {
    volatile double lastSuccess = Double.NaN;
    volatile double duration = Double.NaN;
    volatile double size = Double.NaN;
    volatile double interval = Double.NaN;
    volatile long volumeFailures;
    final AtomicLong takeFailures = new AtomicLong();
    final List<Meter> meters = new ArrayList<>();

    double failures() {
      return (double) volumeFailures + takeFailures.get();
    }
  }

  @Override
  public void observed(AppRef app, BackupCatalogue catalogue, Duration interval) {
    Values values = apps.computeIfAbsent(app, this::register);
    catalogue
        .latestSnapshot()
        .ifPresent(
            latest -> {
              values.lastSuccess = latest.time().getEpochSecond();
              values.duration = latest.durationSeconds();
              values.size = latest.sizeBytes();
            });
    values.interval = interval.toSeconds();
    values.volumeFailures = catalogue.failures();
  }

  @Override
  public void takeFailed(AppRef app) {
    Values values = apps.computeIfAbsent(app, this::register);
    values.takeFailures.incrementAndGet();
  }

  @Override
  public void forgotten(AppRef app) {
    Values values = apps.remove(app);
    if (values != null) {
      values.meters.forEach(registry::remove);
    }
  }

  private Values register(AppRef app) {
    Values values = new Values();
    Tags tags = tags(app);
    values.meters.add(
        Gauge.builder("mooring.backup.last.success.timestamp", values, v -> v.lastSuccess)
            .description("When the newest backup (RDB snapshot) of the app was taken")
            .baseUnit("seconds")
            .tags(tags)
            .register(registry));
    values.meters.add(
        Gauge.builder("mooring.backup.duration", values, v -> v.duration)
            .description("How long the newest backup of the app took, in whole seconds")
            .baseUnit("seconds")
            .tags(tags)
            .register(registry));
    values.meters.add(
        Gauge.builder("mooring.backup.size", values, v -> v.size)
            .description("The size of the newest backup of the app")
            .baseUnit("bytes")
            .tags(tags)
            .register(registry));
    values.meters.add(
        Gauge.builder("mooring.backup.schedule.interval", values, v -> v.interval)
            .description("The longest time the app's backup schedule leaves between two backups")
            .baseUnit("seconds")
            .tags(tags)
            .register(registry));
    values.meters.add(
        FunctionCounter.builder("mooring.backup.failures", values, Values::failures)
            .description(
                "Backups and append-only archives of the app that failed (counted by the sidecar"
                    + " on the backup volume, and backups Mooring asked for)")
            .tags(tags)
            .register(registry));
    return values;
  }

  private static Tags tags(AppRef app) {
    return Tags.of("kind", app.kind().id(), "app_namespace", app.namespace(), "app", app.name());
  }
}
