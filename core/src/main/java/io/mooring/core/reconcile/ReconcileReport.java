package io.mooring.core.reconcile;

import io.mooring.core.diff.ObjectDiff;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.plan.ObjectAction;
import java.util.List;

/** The results of one sync (usually one commit), in app order. */
public record ReconcileReport(String revision, List<AppResult> results) {

  public ReconcileReport {
    results = List.copyOf(results);
  }

  /** Objects created (or, in observe mode, to be created). */
  public List<ObjectKey> creates() {
    return keysOf(ObjectAction.Create.class);
  }

  /** Field-level differences of updated (or to be updated) objects; Secret values masked. */
  public List<ObjectDiff> updates() {
    return results.stream().flatMap(result -> result.diffs().stream()).toList();
  }

  /** Objects pruned (or to be pruned). */
  public List<ObjectKey> prunes() {
    return keysOf(ObjectAction.Prune.class);
  }

  /** True when the cluster differed from git: something was or would be changed, or was refused. */
  public boolean hasDifferences() {
    return results.stream()
        .anyMatch(result -> !result.changes().isEmpty() || result instanceof AppResult.Blocked);
  }

  /** True when a spec was invalid, an API call failed or Mooring had an internal error. */
  public boolean hasErrors() {
    return results.stream()
        .anyMatch(
            result ->
                result instanceof AppResult.Invalid
                    || result instanceof AppResult.Failed
                    || result instanceof AppResult.InternalFailure);
  }

  private List<ObjectKey> keysOf(Class<? extends ObjectAction> type) {
    return results.stream()
        .flatMap(result -> result.changes().stream())
        .filter(type::isInstance)
        .map(ObjectAction::key)
        .toList();
  }
}
