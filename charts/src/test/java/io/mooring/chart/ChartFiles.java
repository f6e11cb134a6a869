package io.mooring.chart;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the chart and its monitoring files are, found from the build's working directory. */
final class ChartFiles {
  private ChartFiles() {}

  /** charts/mooring, looked up from the module directory (Maven) or the repository root (IDE). */
  static Path chart() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
      Path chart = candidate.resolve("charts/mooring");
      if (Files.isRegularFile(chart.resolve("Chart.yaml"))) {
        return chart;
      }
    }
    throw new IllegalStateException("charts/mooring/Chart.yaml not found above " + dir);
  }

  static Path dashboard() {
    return chart().resolve("dashboards/mooring-drift.json");
  }

  static Path dataServicesDashboard() {
    return chart().resolve("dashboards/mooring-data-services.json");
  }

  static Path alertRules() {
    return chart().resolve("alerts/mooring-alerts.yaml");
  }

  static Path alertRuleTests() {
    return chart().resolve("alerts/mooring-alerts_test.yaml");
  }

  /** A values file of charts/mooring/ci, e.g. {@code all-features-values.yaml}. */
  static Path ciValues(String name) {
    return chart().resolve("ci").resolve(name);
  }
}
