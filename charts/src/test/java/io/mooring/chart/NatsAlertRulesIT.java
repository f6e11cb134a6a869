package io.mooring.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The NATS apps' alerts the chart ships: promtool's checks, the toggles and the PodMonitor. */
class NatsAlertRulesIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Path rules() {
    return ChartFiles.chart().resolve("alerts/nats-alerts.yaml");
  }

  static List<JsonNode> alerts() throws IOException {
    List<JsonNode> alerts = new ArrayList<>();
    for (JsonNode group : YAML.readTree(rules().toFile()).path("groups")) {
      group.path("rules").forEach(alerts::add);
    }
    return alerts;
  }

  @Test
  void promtoolAcceptsTheRulesAndTheirUnitTestsPass() {
    Promtool promtool = Promtool.require();
    Promtool.Outcome check = promtool.checkRules(rules());
    assertThat(check.succeeded()).as(check.output()).isTrue();
    assertThat(check.output()).contains("SUCCESS: 6 rules found");
    Promtool.Outcome test =
        promtool.testRules(ChartFiles.chart().resolve("alerts/nats-alerts_test.yaml"));
    assertThat(test.succeeded()).as(test.output()).isTrue();
  }

  @Test
  void theIssuesAlertsFireInTheUnitTestsAndHaveSeverityAndText() throws IOException {
    JsonNode tests =
        YAML.readTree(ChartFiles.chart().resolve("alerts/nats-alerts_test.yaml").toFile());
    Set<String> fired = new TreeSet<>();
    for (JsonNode test : tests.path("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        if (!check.path("exp_alerts").isEmpty()) {
          fired.add(check.path("alertname").asText());
        }
      }
    }
    assertThat(alerts())
        .extracting(a -> a.path("alert").asText())
        .containsExactlyInAnyOrder(
            "NatsServerDown",
            "NatsClusterSizeBelowSpec",
            "NatsJetStreamNoMetaLeader",
            "NatsStreamReplicasLagging",
            "NatsSlowConsumers",
            "NatsStoreNearMaxFileStore")
        .containsExactlyInAnyOrderElementsOf(fired);
    assertThat(alerts())
        .allSatisfy(
            alert -> {
              assertThat(alert.path("labels").path("severity").asText())
                  .isIn("warning", "critical");
              assertThat(alert.path("annotations").path("summary").asText()).isNotBlank();
            });
  }

  @Test
  void anAlertSwitchedOffInValuesIsLeftOutOfThePrometheusRule() {
    assertThat(natsRuleText(Map.of())).contains("NatsSlowConsumers", "NatsServerDown");
    assertThat(natsRuleText(Map.of("metrics.prometheusRule.rules.NatsSlowConsumers", false)))
        .doesNotContain("NatsSlowConsumers")
        .contains("NatsServerDown");
  }

  @Test
  void thePodMonitorScrapesEveryNatsPodsExporterAndNamesTheApp() {
    Manifests rendered =
        Manifests.parse(
            HelmChart.template(ChartFiles.ciValues("all-features-values.yaml"), Map.of()));
    assertThat(rendered.ofKind("PodMonitor"))
        .extracting(o -> o.getMetadata().getName())
        .containsExactlyInAnyOrder("mooring-nats-exporters", "mooring-redis-servers");
    String spec =
        spec(rendered.named("PodMonitor", "mooring-nats-exporters").orElseThrow()).toString();
    assertThat(spec)
        .contains(
            "app.kubernetes.io/name=nats",
            "app.kubernetes.io/managed-by=mooring",
            "port=metrics",
            "targetLabel=app");
  }

  private static String natsRuleText(Map<String, Object> sets) {
    Map<String, Object> all = new java.util.HashMap<>(sets);
    all.put("metrics.prometheusRule.enabled", true);
    Manifests rendered = Manifests.parse(HelmChart.template(null, all));
    return rendered.ofKind("PrometheusRule").stream()
        .filter(o -> o.getMetadata().getName().endsWith("-nats"))
        .map(o -> spec(o).toString())
        .findFirst()
        .orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(HasMetadata object) {
    return (Map<String, Object>)
        ((GenericKubernetesResource) object).getAdditionalProperties().get("spec");
  }
}
