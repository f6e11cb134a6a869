package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/** Voluntary disruptions (drains, evictions) take at most one pod of a component at a time. */
final class DisruptionBudgets {
  private DisruptionBudgets() {}

  /**
   * maxUnavailable 1 rather than a minAvailable: with three Sentinels it keeps the quorum of two, with
   * Redis it keeps a replica to promote, and a single-pod app can still be drained off its node.
   */
  static PodDisruptionBudget oneAtATime(RedisContext context, String name, String component) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(context.meta(name, component))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector().withMatchLabels(context.selector(component)).endSelector()
        .endSpec()
        .build();
  }
}
