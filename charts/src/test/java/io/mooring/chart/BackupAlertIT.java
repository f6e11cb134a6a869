package io.mooring.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mooring.core.backup.BackupCatalogue;
import io.mooring.core.metrics.BackupMetrics;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus evaluates the chart's MooringBackupMissing rule on the backup metrics as
 * Mooring exports them: an app whose newest backup is older than twice its schedule's gap alerts,
 * one with a recent backup and one that has not taken its first do not.
 */
class BackupAlertIT {
  private static final DateTimeFormatter NAME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @TempDir Path dir;

  private static BackupCatalogue oneBackupAt(Instant time) {
    return BackupCatalogue.parse(
        "backup "
            + NAME.format(time)
            + " "
            + time.truncatedTo(ChronoUnit.SECONDS)
            + " 4096 "
            + "e".repeat(64)
            + " snapshot 1\nfailures 0\n");
  }

  @Test
  void onlyTheAppWhoseNewestBackupIsOlderThanTwiceItsScheduleAlerts() throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    BackupMetrics metrics = new BackupMetrics(registry);
    Instant now = Instant.now();
    Duration sixHours = Duration.ofHours(6);
    metrics.observed(
        new AppRef(AppKind.REDIS, "shop", "late"),
        oneBackupAt(now.minus(Duration.ofHours(13))),
        sixHours);
    metrics.observed(
        new AppRef(AppKind.REDIS, "shop", "fresh"),
        oneBackupAt(now.minus(Duration.ofHours(1))),
        sixHours);
    metrics.observed(new AppRef(AppKind.REDIS, "shop", "new"), BackupCatalogue.EMPTY, sixHours);

    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try (LivePrometheus prometheus =
        LivePrometheus.scraping("127.0.0.1:" + server.getAddress().getPort(), dir)) {
      prometheus.awaitScrapesAndEvaluationAfter(Instant.now(), 2, Duration.ofSeconds(60));

      List<String> firing = new ArrayList<>();
      await("MooringBackupMissing firing")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                firing.clear();
                for (JsonNode alert :
                    prometheus.query(
                        "ALERTS{alertname=\"MooringBackupMissing\",alertstate=\"firing\"}")) {
                  firing.add(alert.path("metric").path("app").asText());
                }
                return !firing.isEmpty();
              });
      assertThat(firing).containsExactly("late");
      assertThat(prometheus.query("mooring_backup_last_success_timestamp_seconds{app=\"new\"}"))
          .as("the app without a backup exports its series")
          .isNotEmpty();
    } finally {
      server.stop(0);
    }
  }
}
