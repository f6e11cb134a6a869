package io.mooring.core.render.common;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import java.util.Map;

/**
 * Prefer spreading a workload's pods over nodes. Preferred, not required: a small cluster must
 * still be able to run every replica, it just loses the spread.
 */
public final class SoftAntiAffinity {
  private static final String HOSTNAME_TOPOLOGY = "kubernetes.io/hostname";

  private SoftAntiAffinity() {}

  public static Affinity onHostname(Map<String, String> podSelector) {
    return new AffinityBuilder()
        .withNewPodAntiAffinity()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution()
        .withWeight(100)
        .withNewPodAffinityTerm()
        .withTopologyKey(HOSTNAME_TOPOLOGY)
        .withNewLabelSelector()
        .withMatchLabels(podSelector)
        .endLabelSelector()
        .endPodAffinityTerm()
        .endPreferredDuringSchedulingIgnoredDuringExecution()
        .endPodAntiAffinity()
        .build();
  }
}
