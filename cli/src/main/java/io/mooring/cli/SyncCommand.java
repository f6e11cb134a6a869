package io.mooring.cli;

import io.mooring.core.plan.PlanPolicy;
import io.mooring.core.plan.PruneAllowance;
import io.mooring.core.reconcile.AppResult;
import io.mooring.core.reconcile.ReconcileMode;
import io.mooring.core.reconcile.ReconcileOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mooring sync PATH...}: one apply of the specs, for pipelines; the daemon's rules, once.
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "Apply the specs under each PATH to the cluster once and print the change set.",
      "PATH is the whole config repo: managed apps without a spec there are pruned (PVCs and credential Secrets",
      "are kept), unless more than half of the apps would go (mass-prune guard) and --force is not given.",
      "Apps with invalid specs are left untouched.",
      "Exit status: 0 success, 1 an app failed or was blocked, 2 error (invalid spec, unreachable cluster, usage)."
    })
final class SyncCommand implements Callable<Integer> {
  static final int SUCCESS = 0;
  static final int FAILED_OR_BLOCKED = 1;
  static final int ERROR = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin SpecInput input;

  @Mixin ClusterOptions cluster;

  @Mixin RenderSettings renderSettings;

  @Mixin RenderConfigFile configFile;

  @Option(
      names = "--prune",
      defaultValue = "true",
      arity = "1",
      paramLabel = "true|false",
      description =
          "Delete objects of apps without a spec (data is always kept) (default: ${DEFAULT-VALUE}).")
  boolean prune;

  @Option(
      names = "--force",
      description =
          "Prune even when the mass-prune or zero-specs guard would hold it back (logged as an"
              + " override of the guard), and apply changes that wait for an app's maintenance"
              + " window now. Never prunes an app with termination protection.")
  boolean force;

  @Override
  public Integer call() {
    PlanPolicy policy =
        PlanPolicy.defaults()
            .withPrune(prune)
            .withAllowance(
                force
                    ? PruneAllowance.everything(
                        "mooring sync --force, run by " + System.getProperty("user.name", "?"))
                    : PruneAllowance.none())
            .withSkipMaintenanceWindows(force);
    ClusterRun run =
        ClusterRun.execute(
            spec.commandLine(),
            input,
            renderSettings.renderOptions(spec.commandLine()),
            cluster,
            ReconcileOptions.defaults().withPolicy(policy).withMode(ReconcileMode.APPLY));
    if (run == null
        || !run.specs().valid()
        || run.report().results().stream().anyMatch(AppResult.Invalid.class::isInstance)) {
      return ERROR;
    }
    boolean failedOrBlocked =
        run.report().results().stream()
            .anyMatch(
                result ->
                    result instanceof AppResult.Failed
                        || result instanceof AppResult.InternalFailure
                        || result instanceof AppResult.Blocked);
    return failedOrBlocked ? FAILED_OR_BLOCKED : SUCCESS;
  }
}
