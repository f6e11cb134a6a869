package io.mooring.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mooring.core.backup.BackupCatalogue;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackupMetricsTest {
  private static final AppRef APP = new AppRef(AppKind.REDIS, "shop", "orders");
  private static final String LABELS = "{app=\"orders\",app_namespace=\"shop\",kind=\"redis\"}";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final BackupMetrics metrics = new BackupMetrics(registry);

  @Test
  void theNewestSnapshotGivesTimeDurationAndSizeAndFailuresAddUp() {
    metrics.observed(
        APP,
        BackupCatalogue.parse(
            "backup 20261130T060000Z 2026-11-30T06:00:02Z 1000 "
                + "a".repeat(64)
                + " snapshot 2\n"
                + "backup 20261130T120000Z 2026-11-30T12:00:03Z 2000 "
                + "b".repeat(64)
                + " snapshot 3\n"
                + "backup 20261130T121500Z 2026-11-30T12:15:00Z 50 "
                + "c".repeat(64)
                + " aof 0\n"
                + "failures 2\n"),
        Duration.ofHours(6));
    metrics.takeFailed(APP);

    assertThat(registry.scrape())
        .contains("mooring_backup_last_success_timestamp_seconds" + LABELS + " 1.796040003E9")
        .contains("mooring_backup_duration_seconds" + LABELS + " 3.0")
        .contains("mooring_backup_size_bytes" + LABELS + " 2000.0")
        .contains("mooring_backup_schedule_interval_seconds" + LABELS + " 21600.0")
        .contains("mooring_backup_failures_total" + LABELS + " 3.0");
  }

  @Test
  void anAppWithoutBackupLosesItsSeries() {
    metrics.observed(APP, BackupCatalogue.parse("failures 0\n"), Duration.ofHours(6));
    assertThat(registry.scrape())
        .contains("mooring_backup_last_success_timestamp_seconds" + LABELS + " NaN");

    metrics.forgotten(APP);

    assertThat(registry.scrape()).doesNotContain("mooring_backup_");
  }
}
