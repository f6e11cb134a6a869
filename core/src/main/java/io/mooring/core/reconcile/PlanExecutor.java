package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.kube.Applier;
import io.mooring.core.plan.AppPlan;
import io.mooring.core.plan.ObjectAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Carries out an app's plan, action by action, in plan order; stops at the first failure. */
final class PlanExecutor {
  private final Applier applier;
  private final Consumer<ObjectAction> onApplied;

  PlanExecutor(Applier applier, Consumer<ObjectAction> onApplied) {
    this.applier = applier;
    this.onApplied = onApplied;
  }

  /**
   * @param written filled with the resourceVersion of each written object (null when deleted)
   * @param failure where a failure is reported; null means every action succeeded
   */
  record Execution(
      List<ObjectAction> applied, Map<ObjectKey, String> written, RuntimeException failure) {}

  Execution execute(AppPlan plan) {
    List<ObjectAction> applied = new ArrayList<>();
    Map<ObjectKey, String> written = new LinkedHashMap<>();
    for (ObjectAction action : plan.writes()) {
      try {
        HasMetadata result = carryOut(action);
        written.put(
            action.key(), result == null ? null : result.getMetadata().getResourceVersion());
        applied.add(action);
        onApplied.accept(action);
      } catch (RuntimeException e) {
        return new Execution(applied, written, e);
      }
    }
    return new Execution(applied, written, null);
  }

  private HasMetadata carryOut(ObjectAction action) {
    if (action instanceof ObjectAction.Create create) {
      return applier.apply(create.object());
    }
    if (action instanceof ObjectAction.Update update) {
      return applier.apply(update.object());
    }
    if (action instanceof ObjectAction.Recreate recreate) {
      applier.deleteOrphaning(recreate.object());
      return applier.apply(recreate.object());
    }
    if (action instanceof ObjectAction.ExpandVolume expand) {
      return applier.expandVolume(expand.claim(), expand.size());
    }
    if (action instanceof ObjectAction.Prune prune) {
      applier.delete(prune.live());
      return null;
    }
    if (action instanceof ObjectAction.Orphan orphan) {
      return applier.disown(orphan.live());
    }
    if (action instanceof ObjectAction.Retain retain) {
      return applier.labelRetained(retain.live());
    }
    throw new IllegalStateException("nothing to write for " + action.key());
  }
}
