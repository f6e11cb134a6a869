package io.mooring.core.reconcile;

import io.mooring.core.plan.ObjectAction;
import io.mooring.core.spec.AppRef;
import java.time.Duration;

/**
 * What the reconciler tells about its work as it happens. The reconciler owns this interface so
 * that whoever listens (the drift metrics) depends on the reconciler and never the other way round.
 */
public interface ReconcileListener {
  /** One app's outcome and how long its reconcile took. */
  void record(AppResult result, String trigger, Duration took);

  /** An app that no longer exists: nothing of it is left but retained objects. */
  void forget(AppRef app);

  /** One API write made by the reconciler. */
  void countApplied(ObjectAction action);

  /**
   * One internal error (a bug in Mooring, not in a spec), e.g. an exception thrown by a renderer.
   *
   * @param stage a fixed word such as {@value AppResult.InternalFailure#RENDER}, never free text
   */
  void internalError(String stage);

  /**
   * One sync pruned past the prune guards because a person allowed it.
   *
   * @param allowance {@code PruneAllowance.kind()}: a fixed word, never who or which revision
   */
  void pruneGuardOverridden(String allowance);
}
