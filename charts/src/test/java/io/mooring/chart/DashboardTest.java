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

class DashboardTest {
  private static final String DATASOURCE = "${datasource}";

  /** Metrics labelled per app: their panels must follow the namespace and app variables. */
  private static final Set<String> PER_APP_METRICS =
      Set.of(
          "mooring_app_status",
          "mooring_drifted_objects",
          "mooring_drifted_fields",
          "mooring_app_drift_since_timestamp_seconds",
          "mooring_prune_blocked",
          "mooring_app_drift_detected_total",
          "mooring_app_drift_healed_total",
          "mooring_app_revision_info",
          "mooring_app_last_applied_timestamp_seconds");

  private static JsonNode dashboard;
  private static List<JsonNode> panels;

  @BeforeAll
  static void parse() throws IOException {
    dashboard = new ObjectMapper().readTree(ChartFiles.dashboard().toFile());
    panels = new ArrayList<>();
    dashboard.path("panels").forEach(panels::add);
  }

  @Test
  void isAnImportableDashboardWithItsOwnDatasourceVariable() {
    assertThat(dashboard.path("uid").asText()).isEqualTo("mooring-drift");
    assertThat(dashboard.path("title").asText()).isEqualTo("Mooring drift");
    assertThat(variable("datasource").path("type").asText()).isEqualTo("datasource");
    assertThat(variable("datasource").path("query").asText()).isEqualTo("prometheus");
    assertThat(dashboard.has("__inputs")).as("no import-time inputs needed").isFalse();
  }

  @Test
  void jobNamespaceAndAppVariablesComeFromTheMetricsLabels() {
    assertThat(variable("job").path("definition").asText())
        .isEqualTo("label_values(mooring_leader, job)");
    assertThat(variable("app_namespace").path("definition").asText())
        .isEqualTo("label_values(mooring_app_status{job=~\"$job\"}, app_namespace)");
    assertThat(variable("app").path("definition").asText())
        .isEqualTo(
            "label_values(mooring_app_status{job=~\"$job\", app_namespace=~\"$app_namespace\"}, app)");
    for (String name : List.of("job", "app_namespace", "app")) {
      assertThat(variable(name).path("includeAll").asBoolean()).isTrue();
      assertThat(variable(name).path("allValue").asText()).isEqualTo(".*");
      assertThat(variable(name).path("datasource").path("uid").asText()).isEqualTo(DATASOURCE);
    }
  }

  @Test
  void everyQueryUsesTheDatasourceVariable() {
    for (JsonNode panel : queryPanels()) {
      assertThat(panel.path("datasource").path("uid").asText())
          .as(title(panel))
          .isEqualTo(DATASOURCE);
      panel
          .path("targets")
          .forEach(
              target ->
                  assertThat(target.path("datasource").path("uid").asText())
                      .as(title(panel))
                      .isEqualTo(DATASOURCE));
    }
  }

  @Test
  void perAppQueriesFollowTheNamespaceAndAppSelection() {
    List<PromExpression> perApp =
        PromExpressions.fromDashboard(ChartFiles.dashboard()).stream()
            .filter(e -> e.origin().startsWith("dashboard panel"))
            .filter(e -> e.metricNames().stream().anyMatch(PER_APP_METRICS::contains))
            .collect(Collectors.toList());

    assertThat(perApp).hasSizeGreaterThan(5);
    assertThat(perApp)
        .allSatisfy(
            e ->
                assertThat(e.expr())
                    .as(e.origin())
                    .contains(
                        "job=~\"$job\"", "app_namespace=~\"$app_namespace\"", "app=~\"$app\""));
  }

  @Test
  void showsWhatTheDriftDashboardPromises() {
    List<String> exprs =
        PromExpressions.fromDashboard(ChartFiles.dashboard()).stream()
            .map(PromExpression::expr)
            .collect(Collectors.toList());

    assertThat(exprs)
        .as("push to applied p50 and p99")
        .anyMatch(
            e ->
                e.startsWith("histogram_quantile(0.5,")
                    && e.contains("mooring_push_to_applied_seconds_bucket"))
        .anyMatch(
            e ->
                e.startsWith("histogram_quantile(0.99,")
                    && e.contains("mooring_push_to_applied_seconds_bucket"))
        .as("time since the last successful fetch")
        .contains("time() - max(mooring_git_last_success_timestamp_seconds{job=~\"$job\"})");
    JsonNode driftTable = panel("Drifted apps");
    assertThat(driftTable.path("type").asText()).isEqualTo("table");
    assertThat(driftTable.path("targets").get(0).path("expr").asText())
        .contains("mooring_app_drift_since_timestamp_seconds");
    assertThat(panel("Apps by status").path("targets").get(0).path("legendFormat").asText())
        .isEqualTo("{{status}}");
    assertThat(panel("Each app").path("targets"))
        .extracting(target -> target.path("expr").asText())
        .anyMatch(e -> e.contains("mooring_app_revision_info"))
        .anyMatch(e -> e.contains("mooring_app_last_applied_timestamp_seconds"))
        .anyMatch(e -> e.contains("mooring_app_drift_healed_total"));
    assertThat(panel("Drift detected and healed").path("targets"))
        .extracting(target -> target.path("expr").asText())
        .allMatch(e -> e.endsWith("> 0"));
    assertThat(panel("Heap used and limit").path("targets").get(0).path("expr").asText())
        .contains("jvm_memory_used_bytes");
    assertThat(dashboard.path("annotations").path("list"))
        .anySatisfy(a -> assertThat(a.path("name").asText()).isEqualTo("Syncs"));
  }

  @Test
  void theDriftTablesShowOnlyWhatDrifted() {
    assertThat(panel("Drifted apps").path("targets"))
        .extracting(target -> target.path("expr").asText())
        .allMatch(e -> e.contains("> 0"));
  }

  @Test
  void panelsHaveUniqueIdsAndDoNotOverlap() {
    assertThat(panels.stream().map(p -> p.path("id").asInt()).collect(Collectors.toSet()))
        .hasSize(panels.size());
    Set<String> cells = new HashSet<>();
    for (JsonNode panel : panels) {
      JsonNode grid = panel.path("gridPos");
      assertThat(grid.path("x").asInt() + grid.path("w").asInt())
          .as(title(panel))
          .isLessThanOrEqualTo(24);
      for (int x = grid.path("x").asInt();
          x < grid.path("x").asInt() + grid.path("w").asInt();
          x++) {
        for (int y = grid.path("y").asInt();
            y < grid.path("y").asInt() + grid.path("h").asInt();
            y++) {
          assertThat(cells.add(x + "," + y))
              .as(title(panel) + " overlaps at " + x + "," + y)
              .isTrue();
        }
      }
    }
  }

  private static List<JsonNode> queryPanels() {
    return panels.stream().filter(p -> p.has("targets")).collect(Collectors.toList());
  }

  private static JsonNode panel(String title) {
    return panels.stream()
        .filter(p -> title.equals(p.path("title").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no panel " + title));
  }

  private static JsonNode variable(String name) {
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (name.equals(variable.path("name").asText())) {
        return variable;
      }
    }
    throw new AssertionError("no variable " + name);
  }

  private static String title(JsonNode panel) {
    return "panel " + panel.path("title").asText();
  }
}
