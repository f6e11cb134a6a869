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

/** The Redis apps' alerts the chart ships: promtool's checks and the chart's objects. */
class RedisAlertRulesIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Path rules() {
    return ChartFiles.chart().resolve("alerts/redis-alerts.yaml");
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
    assertThat(check.output()).contains("SUCCESS: 10 rules found");
    Promtool.Outcome test =
        promtool.testRules(ChartFiles.chart().resolve("alerts/redis-alerts_test.yaml"));
    assertThat(test.succeeded()).as(test.output()).isTrue();
  }

  @Test
  void everyAlertFiresInTheUnitTestsAndHasSeverityAndText() throws IOException {
    JsonNode tests =
        YAML.readTree(ChartFiles.chart().resolve("alerts/redis-alerts_test.yaml").toFile());
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
    assertThat(alerts())
        .allSatisfy(
            alert -> {
              assertThat(alert.path("labels").path("severity").asText())
                  .isIn("warning", "critical");
              assertThat(alert.path("annotations").path("summary").asText()).isNotBlank();
            });
  }

  @Test
  void theChartShipsTheRulesAndAnExporterServiceMonitorNextToMooringsOwn() {
    Manifests rendered =
        Manifests.parse(
            HelmChart.template(ChartFiles.ciValues("all-features-values.yaml"), Map.of()));
    assertThat(rendered.ofKind("PrometheusRule"))
        .extracting(o -> o.getMetadata().getName())
        .containsExactlyInAnyOrder("mooring", "mooring-redis", "mooring-nats");
    assertThat(rendered.ofKind("ServiceMonitor"))
        .extracting(o -> o.getMetadata().getName())
        .containsExactlyInAnyOrder("mooring", "mooring-redis-exporters");
    HasMetadata monitor =
        rendered.ofKind("ServiceMonitor").stream()
            .filter(o -> o.getMetadata().getName().endsWith("-redis-exporters"))
            .findFirst()
            .orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> spec =
        (Map<String, Object>)
            ((GenericKubernetesResource) monitor).getAdditionalProperties().get("spec");
    assertThat(spec.toString())
        .contains("app.kubernetes.io/component=exporter", "app.kubernetes.io/managed-by=mooring");
  }

  @Test
  void aPodMonitorScrapesEveryRedisServerThroughItsAppsExporter() {
    Manifests rendered =
        Manifests.parse(
            HelmChart.template(ChartFiles.ciValues("all-features-values.yaml"), Map.of()));
    HasMetadata monitor = rendered.named("PodMonitor", "mooring-redis-servers").orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> spec =
        (Map<String, Object>)
            ((GenericKubernetesResource) monitor).getAdditionalProperties().get("spec");
    assertThat(spec.toString())
        .contains(
            "app.kubernetes.io/component=redis",
            "path=/scrape",
            "targetLabel=__param_target, replacement=redis://$1",
            "replacement=$1-redis-exporter.$2.svc:9121");
  }
}
