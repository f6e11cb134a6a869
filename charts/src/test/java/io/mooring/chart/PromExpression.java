package io.mooring.chart;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PromQL expression shipped to users, and where it comes from (a dashboard panel, a variable or
 * an alert), so that a failure names the panel or alert to fix.
 *
 * @param origin e.g. {@code dashboard panel "Drifted apps" query B} or {@code alert
 *     MooringAppDrifted}
 * @param expr the expression as written, Grafana variables included
 */
record PromExpression(String origin, String expr) {
  private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");
  private static final Pattern METRIC_NAME =
      Pattern.compile("\\b(mooring|jvm|process|system)_[a-z0-9_]+\\b");

  /**
   * The expression as Prometheus receives it from Grafana: interval variables become durations and
   * every other variable (namespace, app) its "All" value, the regex {@code .*}.
   */
  String forPrometheus() {
    Matcher matcher = GRAFANA_VARIABLE.matcher(expr);
    StringBuilder expanded = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(expanded, Matcher.quoteReplacement(valueOf(matcher.group(1))));
    }
    matcher.appendTail(expanded);
    return expanded.toString();
  }

  /**
   * The metrics of Mooring and of its JVM process the expression reads, e.g. {@code
   * mooring_reconcile_duration_seconds_bucket}.
   */
  Set<String> metricNames() {
    Set<String> names = new LinkedHashSet<>();
    Matcher matcher = METRIC_NAME.matcher(expr);
    while (matcher.find()) {
      names.add(matcher.group());
    }
    return names;
  }

  private static String valueOf(String variable) {
    return switch (variable) {
      case "__rate_interval", "__range" -> "5m";
      case "__interval" -> "1m";
      default -> ".*";
    };
  }
}
