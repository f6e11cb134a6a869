package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.kube.Applier;
import io.mooring.core.kube.ClusterCache;
import io.mooring.core.plan.AppPlan;
import io.mooring.core.plan.ObjectAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Carries out an app's plan, action by action, in plan order; stops at the first failure. The cache
 * takes the server's answer to each write, so the app's next diff starts from it.
 */
final class PlanExecutor {
  private final Applier applier;
  private final ClusterCache cache;
  private final Consumer<ObjectAction> onApplied;

  PlanExecutor(Applier applier, ClusterCache cache, Consumer<ObjectAction> onApplied) {
    this.applier = applier;
    this.cache = cache;
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
        cache.tookWrite(plan.app(), written(action), result);
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

  /** The object a write was made from: as desired for an apply, as live otherwise. */
  private static HasMetadata written(ObjectAction action) {
    if (action instanceof ObjectAction.Create create) {
      return create.object();
    }
    if (action instanceof ObjectAction.Update update) {
      return update.object();
    }
    if (action instanceof ObjectAction.Recreate recreate) {
      return recreate.object();
    }
    if (action instanceof ObjectAction.ExpandVolume expand) {
      return expand.claim();
    }
    if (action instanceof ObjectAction.Prune prune) {
      return prune.live();
    }
    if (action instanceof ObjectAction.Orphan orphan) {
      return orphan.live();
    }
    if (action instanceof ObjectAction.Retain retain) {
      return retain.live();
    }
    throw new IllegalStateException("nothing written for " + action.key());
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
