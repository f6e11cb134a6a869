package io.mooring.core.plan;

import java.util.Locale;

/**
 * Rule 3: a sync that would prune too many apps at once is far more likely a broken checkout, a
 * wrong branch or a bad path than an intended mass removal, so it prunes nothing until a person
 * allows it ({@link PruneAllowance}).
 */
final class PruneGuard {
  /** What a held-back app's status says a person can do. */
  static final String WAY_OUT =
      "to prune anyway, run mooring sync with --force, or (mooring serve) push a commit whose"
          + " message has the line "
          + PruneAllowance.MARKER
          + ": <the revision the apps were applied from>";

  private PruneGuard() {}

  /**
   * Returns why prune is held back, or null when it may go ahead.
   *
   * @param pruning apps this sync would prune
   * @param managed apps with live objects that are not merely retained
   * @param noSpecs the sync saw no spec at all, valid or invalid
   */
  static String check(int pruning, int managed, boolean noSpecs, double maxPruneShare) {
    if (pruning == 0) {
      return null;
    }
    if (noSpecs) {
      return "no spec was found while "
          + managed
          + " apps are managed: nothing is pruned (zero-specs guard)";
    }
    if (pruning > maxPruneShare * managed) {
      return String.format(
          Locale.ROOT,
          "this sync would prune %d of %d managed apps, more than %.0f%%: nothing is pruned"
              + " (mass-prune guard)",
          pruning,
          managed,
          maxPruneShare * 100);
    }
    return null;
  }
}
