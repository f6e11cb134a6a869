package io.mooring.core.plan;

import java.util.Objects;

/**
 * The switches of the data-safety rules.
 *
 * @param prune delete objects whose spec left git (PVCs and credential Secrets are retained anyway)
 * @param maxPruneShare largest share of managed apps one sync may prune before the guard holds back
 * @param allowance prunes allowed past the mass-prune and zero-specs guards, audited when used
 * @param skipMaintenanceWindows apply disruptive changes at once, whatever an app's maintenance
 *     window says ({@code mooring sync --force})
 */
public record PlanPolicy(
    boolean prune, double maxPruneShare, PruneAllowance allowance, boolean skipMaintenanceWindows) {

  public PlanPolicy {
    if (maxPruneShare < 0 || maxPruneShare > 1) {
      throw new IllegalArgumentException(
          "maxPruneShare must be between 0 and 1, got " + maxPruneShare);
    }
    Objects.requireNonNull(allowance, "allowance");
  }

  public static PlanPolicy defaults() {
    return new PlanPolicy(true, 0.5, PruneAllowance.none(), false);
  }

  public PlanPolicy withAllowance(PruneAllowance value) {
    return new PlanPolicy(prune, maxPruneShare, value, skipMaintenanceWindows);
  }

  public PlanPolicy withPrune(boolean value) {
    return new PlanPolicy(value, maxPruneShare, allowance, skipMaintenanceWindows);
  }

  public PlanPolicy withSkipMaintenanceWindows(boolean value) {
    return new PlanPolicy(prune, maxPruneShare, allowance, value);
  }
}
