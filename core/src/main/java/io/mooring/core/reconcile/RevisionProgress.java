package io.mooring.core.reconcile;

import io.mooring.core.plan.GuardOverride;
import io.mooring.core.spec.AppRef;

/**
 * Follows a whole-revision reconcile app by app ({@link Reconciler#reconcileRevision}), and may
 * stop it between two apps. Called on the reconciling thread.
 */
public interface RevisionProgress {
  /** Before the first app: how many apps this reconcile goes through. */
  default void started(int apps) {}

  /**
   * One app is done. Called before the next app is rendered: whoever keeps the result keeps its
   * objects, so a listener that only needs the outcome should not keep it.
   */
  void finished(AppResult result);

  /** The prune guards were overridden: called once, before the first app is pruned past them. */
  default void guardOverridden(GuardOverride override) {}

  /**
   * Asked before each app: true stops the reconcile there (a newer revision waits, or the process
   * is shutting down). The app under way is always finished; the rest is left for a later sync.
   */
  default boolean stopRequested() {
    return false;
  }

  /**
   * Whether this process reconciles {@code app}; false leaves it to the replica that owns its
   * shard. The prune guards still weigh the whole revision, so every replica judges a commit alike.
   */
  default boolean owns(AppRef app) {
    return true;
  }
}
