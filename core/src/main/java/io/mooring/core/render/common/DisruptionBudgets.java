package io.mooring.core.render.common;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Map;

/** Voluntary disruptions (drains, evictions) take at most one pod of a component at a time. */
public final class DisruptionBudgets {
  private DisruptionBudgets() {}

  /**
   * maxUnavailable 1 rather than a minAvailable: three Sentinels keep their quorum of two, Redis
   * keeps a replica to promote, an R3 JetStream stream keeps its quorum, and a single-pod app can
   * still be drained off its node.
   */
  public static PodDisruptionBudget oneAtATime(ObjectMeta metadata, Map<String, String> selector) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(metadata)
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .endSpec()
        .build();
  }
}
