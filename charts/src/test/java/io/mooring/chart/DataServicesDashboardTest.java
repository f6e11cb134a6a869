package io.mooring.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The data-services dashboard: Redis and NATS apps, one repeated row per app. */
class DataServicesDashboardTest {
  private static final String DATASOURCE = "${datasource}";

  /**
   * The series the two exporters emit that the panels read: redis_exporter's and
   * prometheus-nats-exporter's (-varz) names. A name outside this set is an empty panel.
   */
  private static final Set<String> EXPORTED_SERIES =
      Set.of(
          "up",
          "redis_up",
          "redis_instance_info",
          "redis_memory_used_bytes",
          "redis_memory_max_bytes",
          "redis_commands_processed_total",
          "redis_connected_slave_lag_seconds",
          "gnatsd_varz_connections",
          "gnatsd_varz_jetstream_stats_storage",
          "gnatsd_varz_jetstream_config_max_storage",
          "gnatsd_varz_jetstream_stats_memory",
          "gnatsd_varz_jetstream_config_max_memory");

  private static JsonNode dashboard;
  private static List<JsonNode> panels;

  @BeforeAll
  static void parse() throws IOException {
    dashboard = new ObjectMapper().readTree(ChartFiles.dataServicesDashboard().toFile());
    panels = new ArrayList<>();
    dashboard.path("panels").forEach(panels::add);
  }

  @Test
  void isAnImportableDashboardWithItsOwnDatasourceVariable() {
    assertThat(dashboard.path("uid").asText()).isEqualTo("mooring-data-services");
    assertThat(variable("datasource").path("type").asText()).isEqualTo("datasource");
    assertThat(variable("datasource").path("query").asText()).isEqualTo("prometheus");
    assertThat(dashboard.has("__inputs")).as("no import-time inputs needed").isFalse();
    for (JsonNode panel : panels.stream().filter(p -> p.has("targets")).toList()) {
      assertThat(panel.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE);
      panel
          .path("targets")
          .forEach(
              t -> assertThat(t.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE));
    }
  }

  @Test
  void oneRowPerRedisAppAndPerNatsAppRepeatedOverItsVariable() {
    assertThat(panels)
        .filteredOn(p -> "row".equals(p.path("type").asText()))
        .extracting(p -> p.path("title").asText() + " repeats " + p.path("repeat").asText())
        .containsExactly("Redis $redis_app repeats redis_app", "NATS $nats_app repeats nats_app");
    assertThat(variable("redis_app").path("definition").asText())
        .isEqualTo("label_values(redis_up{namespace=~\"$namespace\"}, service)");
    assertThat(variable("nats_app").path("definition").asText())
        .isEqualTo("label_values(gnatsd_varz_connections{namespace=~\"$namespace\"}, app)");
    for (String name : List.of("namespace", "redis_app", "nats_app")) {
      assertThat(variable(name).path("multi").asBoolean()).as(name).isTrue();
      assertThat(variable(name).path("datasource").path("uid").asText()).isEqualTo(DATASOURCE);
    }
  }

  @Test
  void eachPanelFollowsItsRowsAppAndTheNamespace() {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        assertThat(expr).as(panel.path("title").asText()).contains("namespace=~\"$namespace\"");
        if (expr.contains("redis_")) {
          assertThat(expr).contains("service=\"$redis_app\"");
        } else {
          assertThat(expr).contains("app=\"$nats_app\"");
        }
      }
    }
  }

  @Test
  void showsWhatTheIssuePromisesWithTheExportersMetricNames() {
    List<PromExpression> expressions =
        PromExpressions.fromDashboard(ChartFiles.dataServicesDashboard());
    assertThat(expressions.stream().flatMap(e -> e.metricNames().stream()))
        .isSubsetOf(EXPORTED_SERIES);
    assertThat(expressionsOf("Role")).anyMatch(e -> e.contains("redis_instance_info"));
    assertThat(expressionsOf("Memory vs maxmemory"))
        .anyMatch(e -> e.contains("redis_memory_used_bytes"))
        .anyMatch(e -> e.contains("redis_memory_max_bytes"));
    assertThat(expressionsOf("Operations per second"))
        .allMatch(e -> e.startsWith("rate(redis_commands_processed_total"));
    assertThat(expressionsOf("Replication lag"))
        .anyMatch(e -> e.contains("redis_connected_slave_lag_seconds"));
    assertThat(expressionsOf("Client connections"))
        .anyMatch(e -> e.contains("gnatsd_varz_connections"));
    assertThat(expressionsOf("JetStream store used and max_file_store"))
        .anyMatch(e -> e.contains("gnatsd_varz_jetstream_stats_storage"))
        .anyMatch(e -> e.contains("gnatsd_varz_jetstream_config_max_storage"));
  }

  @Test
  void panelsHaveUniqueIdsAndDoNotOverlap() {
    assertThat(panels.stream().map(p -> p.path("id").asInt()).collect(Collectors.toSet()))
        .hasSize(panels.size());
    Set<String> cells = new HashSet<>();
    for (JsonNode panel : panels) {
      JsonNode grid = panel.path("gridPos");
      int x0 = grid.path("x").asInt();
      int y0 = grid.path("y").asInt();
      assertThat(x0 + grid.path("w").asInt()).isLessThanOrEqualTo(24);
      for (int x = x0; x < x0 + grid.path("w").asInt(); x++) {
        for (int y = y0; y < y0 + grid.path("h").asInt(); y++) {
          assertThat(cells.add(x + "," + y))
              .as(panel.path("title").asText() + " overlaps at " + x + "," + y)
              .isTrue();
        }
      }
    }
  }

  private static List<String> expressionsOf(String title) {
    JsonNode panel =
        panels.stream()
            .filter(p -> title.equals(p.path("title").asText()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no panel " + title));
    List<String> exprs = new ArrayList<>();
    panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
    return exprs;
  }

  private static JsonNode variable(String name) {
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (name.equals(variable.path("name").asText())) {
        return variable;
      }
    }
    throw new AssertionError("no variable " + name);
  }
}
