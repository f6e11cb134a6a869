package io.mooring.cli;

import io.mooring.core.reconcile.ReconcileMode;
import io.mooring.core.reconcile.ReconcileOptions;
import io.mooring.core.reconcile.ReconcileReport;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.RenderOptions;
import picocli.CommandLine;

/**
 * The common part of {@code diff} and {@code sync}: read and render the specs, report their
 * problems on stderr, reconcile once against the cluster and print the report on stdout.
 *
 * @param specs what was read and rendered
 * @param report what the reconcile found (diff) or did (sync)
 */
record ClusterRun(LoadedSpecs specs, ReconcileReport report) {

  /**
   * Returns the run, or null when the cluster could not be used (the reason is printed on stderr).
   */
  static ClusterRun execute(
      CommandLine commandLine,
      SpecInput input,
      RenderOptions renderOptions,
      ClusterOptions cluster,
      ReconcileOptions options) {
    OneShotLogging.toStderr();
    LoadedSpecs specs =
        LoadedSpecs.of(input.read(commandLine), new Renderer(renderOptions)::render);
    ProblemsOnStderr.print(commandLine, specs);
    ReconcileReport report;
    try {
      report = ClusterSession.reconcile(cluster, specs, options);
    } catch (ClusterSession.ClusterException e) {
      commandLine.getErr().println("error: " + e.getMessage());
      commandLine.getErr().flush();
      return null;
    }
    ReportPrinter.print(commandLine.getOut(), report, options.mode() == ReconcileMode.APPLY);
    return new ClusterRun(specs, report);
  }
}
