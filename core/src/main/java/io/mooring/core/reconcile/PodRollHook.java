package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.spec.AppSpec;

/**
 * Rolls the pods of a StatefulSet whose update strategy is {@code OnDelete} onto its current
 * template, in the order its servers need (Redis with Sentinels: replicas, a failover, then the old
 * master). Called after the app's changes are applied, on every sync while pods run an older
 * template, so it resumes a roll that an earlier sync or another Mooring started.
 */
@FunctionalInterface
public interface PodRollHook {
  /**
   * For a reconciler with no way to reach the servers (e.g. run from outside the cluster): the pods
   * keep their template, and the app is reported failed, until the daemon rolls them.
   */
  PodRollHook NOT_CONFIGURED =
      (spec, set) -> {
        throw new IllegalStateException(
            "this reconciler has no way to reach the servers; the daemon rolls the pods");
      };

  /**
   * Returns once every pod runs the set's current template; throws, with the pod and the reason,
   * when the roll is refused or a step did not become healthy within its bound (nothing else is
   * restarted then).
   */
  void roll(AppSpec spec, StatefulSet live);
}
