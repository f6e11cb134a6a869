package io.mooring.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects every PromQL expression of the Grafana dashboard (panel queries and variable queries)
 * and of a Prometheus rules file, for promtool and for queries against a live Prometheus.
 */
final class PromExpressions {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Grafana's {@code label_values(selector, label)}: the selector is the PromQL part. */
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$", Pattern.DOTALL);

  private static final Pattern QUERY_RESULT =
      Pattern.compile("^\\s*query_result\\((.*)\\)\\s*$", Pattern.DOTALL);

  private PromExpressions() {}

  /** The shipped dashboard's and alert rules' expressions, in file order. */
  static List<PromExpression> shipped() {
    List<PromExpression> all = new ArrayList<>(fromDashboard(ChartFiles.dashboard()));
    all.addAll(fromRules(ChartFiles.alertRules()));
    return all;
  }

  static List<PromExpression> fromDashboard(Path dashboardJson) {
    JsonNode dashboard = read(JSON, dashboardJson);
    List<PromExpression> found = new ArrayList<>();
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if ("query".equals(variable.path("type").asText())) {
        JsonNode query = variable.path("query");
        String text = query.isObject() ? query.path("query").asText() : query.asText();
        found.add(
            new PromExpression(
                "dashboard variable $" + variable.path("name").asText(), variableSelector(text)));
      }
    }
    collectPanels(dashboard.path("panels"), found);
    return found;
  }

  static List<PromExpression> fromRules(Path rulesYaml) {
    JsonNode rules = read(YAML, rulesYaml);
    List<PromExpression> found = new ArrayList<>();
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String name =
            rule.has("alert")
                ? "alert " + rule.path("alert").asText()
                : "record " + rule.path("record").asText();
        found.add(new PromExpression(name, rule.path("expr").asText()));
      }
    }
    return found;
  }

  /** Rows may nest their panels when collapsed; both levels are searched. */
  private static void collectPanels(JsonNode panels, List<PromExpression> found) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        if (target.hasNonNull("expr")) {
          String origin =
              "dashboard panel \""
                  + panel.path("title").asText()
                  + "\" query "
                  + target.path("refId").asText();
          found.add(new PromExpression(origin, target.path("expr").asText()));
        }
      }
      collectPanels(panel.path("panels"), found);
    }
  }

  private static String variableSelector(String query) {
    for (Pattern function : List.of(LABEL_VALUES, QUERY_RESULT)) {
      Matcher matcher = function.matcher(query);
      if (matcher.matches()) {
        return matcher.group(1).strip();
      }
    }
    return query;
  }

  private static JsonNode read(ObjectMapper mapper, Path file) {
    try {
      return mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
