package io.mooring.core.render.nats;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.NatsSpec;

/**
 * At most one NATS pod evicted at a time: an R3 stream keeps its quorum with one peer gone, not two.
 * {@code maxUnavailable} (not {@code minAvailable}) so that a single-replica app can still be drained.
 */
final class NatsDisruptionBudgetModel {
  private final NatsSpec spec;
  private final NatsNames names;

  NatsDisruptionBudgetModel(NatsSpec spec, NatsNames names) {
    this.spec = spec;
    this.names = names;
  }

  PodDisruptionBudget generateDisruptionBudget() {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(NatsMetadata.of(spec, names.disruptionBudget()))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(MooringLabels.selector(spec.ref(), NatsNames.COMPONENT))
        .endSelector()
        .endSpec()
        .build();
  }
}
