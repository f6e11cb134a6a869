package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.mooring.core.kube.ClusterCache;
import io.mooring.core.redisops.RollProgress;
import io.mooring.core.spec.AppSpec;
import java.util.Map;

/**
 * After an app's changes are applied: hands each of its {@code OnDelete} StatefulSets whose pods
 * run an older template, or that carry a roll in flight, to the {@link PodRollHook}.
 */
final class PendingRolls {
  private final PodRollHook hook;
  private final ClusterCache cache;

  PendingRolls(PodRollHook hook, ClusterCache cache) {
    this.hook = hook;
    this.cache = cache;
  }

  /** Returns null when no roll is pending, else why one is not finished (reported as a failure). */
  String settle(AppSpec spec) {
    for (HasMetadata object : cache.liveObjects(spec.ref())) {
      if (!(object instanceof StatefulSet set) || !pending(set)) {
        continue;
      }
      try {
        hook.roll(spec, set);
      } catch (RuntimeException e) {
        return "pods of StatefulSet "
            + set.getMetadata().getName()
            + " do not all run its current template: "
            + e.getMessage();
      }
    }
    return null;
  }

  /**
   * An {@code OnDelete} set whose controller reports pods of an older revision, or a roll record.
   */
  static boolean pending(StatefulSet set) {
    if (set.getSpec() == null
        || set.getSpec().getUpdateStrategy() == null
        || !"OnDelete".equals(set.getSpec().getUpdateStrategy().getType())) {
      return false;
    }
    Map<String, String> annotations = set.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(RollProgress.ANNOTATION)) {
      return true;
    }
    StatefulSetStatus status = set.getStatus();
    if (status == null || status.getUpdateRevision() == null || !observed(set, status)) {
      // The controller has not counted the pods against this template yet; its status update is an
      // event that brings the app to another sync.
      return false;
    }
    // With OnDelete the controller never moves currentRevision on: the count of pods at the update
    // revision is what says the roll is done.
    int replicas = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
    int updated = status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
    return updated < replicas;
  }

  private static boolean observed(StatefulSet set, StatefulSetStatus status) {
    Long generation = set.getMetadata().getGeneration();
    Long seen = status.getObservedGeneration();
    return generation == null || seen == null || seen >= generation;
  }
}
