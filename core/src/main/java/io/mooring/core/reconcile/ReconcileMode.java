package io.mooring.core.reconcile;

/** Whether a reconcile changes the cluster. */
public enum ReconcileMode {
  /** Apply what differs and prune what git removed (self-heal on). */
  APPLY,
  /** Report drift and pending changes; write nothing. */
  OBSERVE
}
