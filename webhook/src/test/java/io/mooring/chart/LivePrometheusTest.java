package io.mooring.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes an endpoint exposing every metric of the daemon's contract (in a state
 * that trips every alert) and answers the dashboard's and the alerts' queries. Catches label names
 * and values the exposition does not have, which promtool's syntax check cannot see.
 */
class LivePrometheusTest {
  @TempDir static Path workDir;
  private static AlarmingMetricsEndpoint endpoint;
  private static LivePrometheus prometheus;

  @BeforeAll
  static void scrape() {
    endpoint = AlarmingMetricsEndpoint.start();
    prometheus = LivePrometheus.scraping(endpoint.target(), workDir);
    prometheus.awaitScrapes(3, Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
  }

  @Test
  void everyDashboardAndAlertExpressionReturnsData() {
    List<String> empty = new ArrayList<>();
    for (PromExpression expression : PromExpressions.shipped()) {
      if (prometheus.query(expression.forPrometheus()).isEmpty()) {
        empty.add(expression.origin() + ": " + expression.forPrometheus());
      }
    }

    assertThat(empty).as("expressions without data").isEmpty();
  }

  @Test
  void prometheusLoadsTheAlertRulesAndEvaluatesThemWithoutError() {
    List<JsonNode> rules = new ArrayList<>();
    prometheus.ruleGroups().forEach(group -> group.path("rules").forEach(rules::add));

    assertThat(rules).hasSize(6);
    assertThat(rules)
        .allSatisfy(rule -> assertThat(rule.path("health").asText()).as(rule.toString()).isEqualTo("ok"));
    assertThat(prometheus.query("ALERTS{alertname=\"MooringAppDrifted\",alertstate=\"firing\"}"))
        .as("no `for`: the drift alert fires as soon as the drift is 15 minutes old")
        .isNotEmpty();
  }

  @Test
  void theDriftTableShowsWhenEachDriftedAppDiverged() {
    JsonNode since =
        prometheus.query(
            "max by (kind, namespace, app) (mooring_app_drift_since_timestamp_seconds > 0)");

    assertThat(since).singleElement().satisfies(sample -> {
      assertThat(sample.path("metric").path("app").asText()).isEqualTo("cache");
      assertThat(sample.path("metric").path("namespace").asText()).isEqualTo("team-a");
    });
  }
}
