package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mooring.core.backup.BackupAgent;
import io.mooring.core.backup.BackupCatalogue;
import io.mooring.core.backup.BackupCatalogues;
import io.mooring.core.metrics.BackupMetrics;
import io.mooring.core.source.SpecSet;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackupWatchTest {
  private static final String WITH_BACKUP =
      """
      apiVersion: cache.hera.io/v1alpha1
      kind: RedisInstance
      metadata: {name: orders, namespace: shop}
      spec:
        backup: {schedule: "0 */6 * * *", retain: 3}
      """;

  private final List<AppRef> listed = new CopyOnWriteArrayList<>();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final BackupAgent agent =
      new BackupAgent() {
        @Override
        public BackupCatalogue list(AppRef app) {
          listed.add(app);
          return BackupCatalogue.parse(
              "backup 20261130T120000Z 2026-11-30T12:00:01Z 2048 "
                  + "c".repeat(64)
                  + " snapshot 1\nfailures 0\n");
        }

        @Override
        public String take(AppRef app) {
          throw new UnsupportedOperationException();
        }
      };

  private static SpecSet specs(String yaml) {
    SpecParseResult parsed =
        SpecParser.standard(SpecParserOptions.defaults())
            .parse(List.of(SpecFile.of("apps/orders.yaml", yaml)));
    return SpecSet.of(Map.of("apps/orders.yaml", parsed));
  }

  @Test
  void anAppWithBackupIsReadAndShownAndLosesItsSeriesWhenBackupLeavesItsSpec() {
    AtomicReference<SpecSet> specs = new AtomicReference<>(specs(WITH_BACKUP));
    BackupWatch watch =
        new BackupWatch(
            new BackupCatalogues(agent, new BackupMetrics(registry)), specs::get, app -> true);

    watch.refreshAll();

    AppRef app = listed.get(0);
    assertThat(app.name()).isEqualTo("orders");
    assertThat(watch.latest(app).orElseThrow().latestSnapshot().orElseThrow().sizeBytes())
        .isEqualTo(2048);
    assertThat(registry.scrape()).contains("mooring_backup_size_bytes{");

    specs.set(specs(WITH_BACKUP.replace("  backup: {schedule: \"0 */6 * * *\", retain: 3}\n", "")));
    watch.refreshAll();

    assertThat(listed).hasSize(1);
    assertThat(watch.latest(app)).isEmpty();
    assertThat(registry.scrape()).doesNotContain("mooring_backup_");
  }

  @Test
  void aReplicaReadsOnlyTheAppsItWrites() {
    BackupWatch watch =
        new BackupWatch(
            new BackupCatalogues(agent, new BackupMetrics(registry)),
            () -> specs(WITH_BACKUP),
            app -> !app.name().equals("orders"));

    watch.refreshAll();

    assertThat(listed).isEmpty();
  }
}
