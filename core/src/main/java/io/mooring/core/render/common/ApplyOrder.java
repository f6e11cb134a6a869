package io.mooring.core.render.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;
import java.util.List;

/**
 * The order objects are applied in: what others reference comes first (Secrets and ConfigMaps
 * before the pods that mount them, Services before the StatefulSets whose pods need their DNS
 * names, cert-manager's Certificates before the pods that mount the Secrets cert-manager fills).
 * Pruning walks the same list backwards.
 */
public final class ApplyOrder {
  private static final List<String> KINDS =
      List.of(
          "Secret",
          "Certificate",
          "ConfigMap",
          "PersistentVolumeClaim",
          "Service",
          "StatefulSet",
          "Deployment",
          "PodDisruptionBudget",
          "NetworkPolicy");

  public static final Comparator<HasMetadata> COMPARATOR =
      Comparator.comparingInt((HasMetadata o) -> rank(o.getKind()))
          .thenComparing(
              o -> o.getMetadata().getNamespace(), Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(o -> o.getMetadata().getName());

  private ApplyOrder() {}

  public static int rank(String kind) {
    int index = KINDS.indexOf(kind);
    return index < 0 ? KINDS.size() : index;
  }
}
