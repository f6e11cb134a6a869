package io.mooring.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PromQL expression users get, from the dashboard and the alerts, checked by Prometheus
 * itself.
 */
class ShippedExpressionsIT {
  /**
   * The daemon's metrics as Prometheus exposes them (histograms and timers as their series). A name
   * outside this list in a dashboard or alert is a typo that would show an empty panel forever.
   */
  private static final Set<String> EXPOSED_SERIES =
      Set.of(
          "mooring_app_status",
          "mooring_drifted_objects",
          "mooring_drifted_fields",
          "mooring_app_drift_since_timestamp_seconds",
          "mooring_reconcile_duration_seconds_bucket",
          "mooring_reconcile_duration_seconds_sum",
          "mooring_reconcile_duration_seconds_count",
          "mooring_apply_total",
          "mooring_prune_blocked",
          "mooring_invalid_specs",
          "mooring_internal_errors_total",
          "mooring_webhook_requests_total",
          "mooring_push_to_applied_seconds_bucket",
          "mooring_git_fetch_duration_seconds_count",
          "mooring_git_fetch_duration_seconds_sum",
          "mooring_git_fetch_duration_seconds_max",
          "mooring_git_last_success_timestamp_seconds",
          "mooring_git_consecutive_failures",
          "mooring_leader",
          "mooring_app_drift_detected_total",
          "mooring_app_drift_healed_total",
          "mooring_drift_fields_detected_total",
          "mooring_app_revision_info",
          "mooring_app_last_applied_timestamp_seconds",
          "mooring_backup_last_success_timestamp_seconds",
          "mooring_backup_schedule_interval_seconds",
          "jvm_memory_used_bytes",
          "jvm_memory_max_bytes",
          "process_cpu_usage",
          "system_cpu_count",
          "process_start_time_seconds");

  @Test
  void promtoolAcceptsEveryDataServicesDashboardExpression(@TempDir Path workDir) {
    List<PromExpression> expressions =
        PromExpressions.fromDashboard(ChartFiles.dataServicesDashboard());

    Promtool.Outcome outcome = Promtool.require().checkExpressions(expressions, workDir);

    assertThat(outcome.succeeded()).as(outcome.output()).isTrue();
    assertThat(outcome.output()).contains("SUCCESS: " + expressions.size() + " rules found");
  }

  @Test
  void promtoolAcceptsEveryDashboardAndAlertExpression(@TempDir Path workDir) {
    List<PromExpression> expressions = PromExpressions.shipped();

    Promtool.Outcome outcome = Promtool.require().checkExpressions(expressions, workDir);

    assertThat(outcome.succeeded()).as(outcome.output()).isTrue();
    assertThat(outcome.output()).contains("SUCCESS: " + expressions.size() + " rules found");
  }

  @Test
  void promtoolNamesTheBrokenExpressionAndWhereItComesFrom(@TempDir Path workDir) {
    List<PromExpression> expressions =
        List.of(
            new PromExpression("dashboard panel \"Fine\" query A", "sum(mooring_leader)"),
            new PromExpression(
                "dashboard panel \"Broken\" query A", "sum by (app (mooring_leader)"));

    Promtool.Outcome outcome = Promtool.require().checkExpressions(expressions, workDir);

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.output())
        .contains("shipped_expression_1")
        .contains("shipped_expression_1 = dashboard panel \"Broken\" query A");
  }

  @Test
  void everyExpressionReadsOnlyMetricsTheDaemonExposes() {
    List<PromExpression> expressions = PromExpressions.shipped();
    Set<String> used = new TreeSet<>();
    expressions.forEach(e -> used.addAll(e.metricNames()));

    assertThat(expressions)
        .allSatisfy(
            e ->
                assertThat(e.metricNames()).as(e.origin()).isNotEmpty().isSubsetOf(EXPOSED_SERIES));
    assertThat(used)
        .as("the dashboard and alerts leave no metric unused")
        .isEqualTo(new TreeSet<>(EXPOSED_SERIES));
  }

  @Test
  void grafanaVariablesBecomeWhatGrafanaSendsWithEverythingSelected() {
    PromExpression expression =
        new PromExpression(
            "example",
            "sum by (app) (rate(mooring_apply_total{namespace=~\"$namespace\", app=~\"${app}\"}[$__rate_interval]))");

    assertThat(expression.forPrometheus())
        .isEqualTo("sum by (app) (rate(mooring_apply_total{namespace=~\".*\", app=~\".*\"}[5m]))");
  }

  @Test
  void collectsPanelQueriesVariablesAndAlerts() {
    List<PromExpression> expressions = PromExpressions.shipped();

    assertThat(expressions)
        .extracting(PromExpression::origin)
        .contains(
            "dashboard variable $app_namespace",
            "dashboard variable $job",
            "dashboard variable $app",
            "dashboard panel \"Drifted apps\" query B",
            "alert MooringAppDrifted",
            "alert MooringNoLeader");
    assertThat(expressions)
        .filteredOn(e -> e.origin().equals("dashboard variable $app"))
        .extracting(PromExpression::expr)
        .containsExactly("mooring_app_status{job=~\"$job\", app_namespace=~\"$app_namespace\"}");
  }
}
