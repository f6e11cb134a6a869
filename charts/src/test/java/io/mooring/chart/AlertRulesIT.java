package io.mooring.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AlertRulesIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void promtoolAcceptsTheRulesFile() {
    Promtool.Outcome outcome = Promtool.require().checkRules(ChartFiles.alertRules());

    assertThat(outcome.succeeded()).as(outcome.output()).isTrue();
    assertThat(outcome.output()).contains("SUCCESS: 8 rules found");
  }

  @Test
  void ruleUnitTestsFireEachAlertOnSyntheticSeries() {
    Promtool.Outcome outcome = Promtool.require().testRules(ChartFiles.alertRuleTests());

    assertThat(outcome.succeeded()).as(outcome.output()).isTrue();
  }

  @Test
  void theIssuesAlertsExistWithSeverityAndText() throws IOException {
    List<JsonNode> alerts = alerts();

    assertThat(alerts)
        .extracting(a -> a.path("alert").asText())
        .containsExactlyInAnyOrder(
            "MooringAppDrifted",
            "MooringGitSyncFailing",
            "MooringReconcileFailing",
            "MooringPruneBlocked",
            "MooringInvalidSpecs",
            "MooringInternalErrors",
            "MooringBackupMissing",
            "MooringNoLeader");
    assertThat(alerts)
        .allSatisfy(
            alert -> {
              assertThat(alert.path("labels").path("severity").asText())
                  .isIn("warning", "critical");
              assertThat(alert.path("annotations").path("summary").asText()).isNotBlank();
              assertThat(alert.path("annotations").path("description").asText()).isNotBlank();
            });
  }

  @Test
  void driftAlertWaitsFifteenMinutesAndGitAlertTen() throws IOException {
    JsonNode drift = alert("MooringAppDrifted");
    JsonNode git = alert("MooringGitSyncFailing");

    assertThat(drift.path("expr").asText())
        .contains("mooring_app_drift_since_timestamp_seconds")
        .endsWith("> 15 * 60");
    assertThat(git.path("for").asText()).isEqualTo("10m");
  }

  /** A unit test that never expects an alert to fire would pass against an empty rules file. */
  @Test
  void everyAlertIsExpectedToFireInTheUnitTests() throws IOException {
    JsonNode tests = YAML.readTree(ChartFiles.alertRuleTests().toFile());
    Set<String> fired = new TreeSet<>();
    for (JsonNode test : tests.path("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        if (!check.path("exp_alerts").isEmpty()) {
          fired.add(check.path("alertname").asText());
        }
      }
    }

    assertThat(fired)
        .containsExactlyInAnyOrderElementsOf(
            alerts().stream().map(a -> a.path("alert").asText()).toList());
  }

  private static JsonNode alert(String name) throws IOException {
    return alerts().stream()
        .filter(a -> name.equals(a.path("alert").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no alert " + name));
  }

  private static List<JsonNode> alerts() throws IOException {
    List<JsonNode> alerts = new ArrayList<>();
    for (JsonNode group : YAML.readTree(ChartFiles.alertRules().toFile()).path("groups")) {
      group.path("rules").forEach(alerts::add);
    }
    return alerts;
  }
}
