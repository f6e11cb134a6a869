package io.mooring.cli;

import io.mooring.core.reconcile.ReconcileMode;
import io.mooring.core.reconcile.ReconcileOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code mooring diff PATH...}: what a sync would change, read from the cluster and never written
 * to it.
 */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Show what a sync of the specs under each PATH would change in the cluster; never writes to it.",
      "Per app: objects to create (+), update (~, each field as desired -> live), prune (-), retain (=), refused (!).",
      "Secret values are masked. PATH is the whole config repo: managed apps without a spec there show as pruned.",
      "Exit status: 0 no difference, 1 differences, 2 error (invalid spec, unreachable cluster, usage)."
    })
final class DiffCommand implements Callable<Integer> {
  static final int NO_DIFFERENCE = 0;
  static final int DIFFERENCES = 1;
  static final int ERROR = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin SpecInput input;

  @Mixin ClusterOptions cluster;

  @Mixin RenderSettings renderSettings;

  @Mixin RenderConfigFile configFile;

  @Override
  public Integer call() {
    ClusterRun run =
        ClusterRun.execute(
            spec.commandLine(),
            input,
            renderSettings.renderOptions(spec.commandLine()),
            cluster,
            ReconcileOptions.defaults().withMode(ReconcileMode.OBSERVE));
    if (run == null || !run.specs().valid() || run.report().hasErrors()) {
      return ERROR;
    }
    return run.report().hasDifferences() ? DIFFERENCES : NO_DIFFERENCE;
  }
}
