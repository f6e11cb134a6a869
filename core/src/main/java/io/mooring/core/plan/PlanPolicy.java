package io.mooring.core.plan;

/**
 * The switches of the data-safety rules.
 *
 * @param prune delete objects whose spec left git (PVCs and credential Secrets are retained anyway)
 * @param maxPruneShare largest share of managed apps one sync may prune before the guard holds back
 * @param force override the mass-prune and zero-specs guards for this sync
 */
public record PlanPolicy(boolean prune, double maxPruneShare, boolean force) {

  public PlanPolicy {
    if (maxPruneShare < 0 || maxPruneShare > 1) {
      throw new IllegalArgumentException(
          "maxPruneShare must be between 0 and 1, got " + maxPruneShare);
    }
  }

  public static PlanPolicy defaults() {
    return new PlanPolicy(true, 0.5, false);
  }

  public PlanPolicy withForce(boolean value) {
    return new PlanPolicy(prune, maxPruneShare, value);
  }

  public PlanPolicy withPrune(boolean value) {
    return new PlanPolicy(value, maxPruneShare, force);
  }
}
