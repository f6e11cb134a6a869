package io.mooring.core.plan;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.nats.NatsNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Rule 7 (NATS with JetStream): servers removed by a scale-down must also leave the JetStream meta
 * group, or the group keeps counting them and the next single node loss stops JetStream. The
 * servers still to deregister are recorded on the StatefulSet itself, in the same write that scales
 * it down, so that a failed or interrupted removal is retried by later syncs, by whichever replica
 * runs them.
 */
public final class ServerDepartures {
  /**
   * On a NATS StatefulSet: comma-separated server names that left and may still be in the meta
   * group.
   */
  public static final String ANNOTATION = "mooring.io/departed-servers";

  private ServerDepartures() {}

  /**
   * Stamps the desired StatefulSet, when it has a JetStream meta group, with the servers still to
   * deregister: those recorded on the live set plus those this change removes (ordinals from the
   * desired size up to the live size), less any the desired size keeps or brings back.
   */
  static void record(StatefulSet desired, StatefulSet live) {
    List<String> departed = departed(desired, live);
    if (departed.isEmpty()) {
      return;
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    if (desired.getMetadata().getAnnotations() != null) {
      annotations.putAll(desired.getMetadata().getAnnotations());
    }
    annotations.put(ANNOTATION, String.join(",", departed));
    desired.getMetadata().setAnnotations(annotations);
  }

  /**
   * The servers to deregister when {@code live} becomes {@code desired}; empty without a meta
   * group.
   */
  static List<String> departed(StatefulSet desired, StatefulSet live) {
    if (live == null || !hasMetaGroup(desired)) {
      return List.of();
    }
    String set = desired.getMetadata().getName();
    int keep = replicas(desired);
    TreeSet<Integer> ordinals = new TreeSet<>(recordedOrdinals(live));
    for (int ordinal = keep; ordinal < replicas(live); ordinal++) {
      ordinals.add(ordinal);
    }
    return ordinals.tailSet(keep).stream().map(ordinal -> set + "-" + ordinal).toList();
  }

  /**
   * The servers recorded on a live StatefulSet that its current size does not keep; they are to be
   * deregistered once more (idempotently) until the record is cleared.
   */
  public static List<String> pending(StatefulSet live) {
    String set = live.getMetadata().getName();
    int keep = replicas(live);
    return new TreeSet<>(recordedOrdinals(live))
        .tailSet(keep).stream().map(ordinal -> set + "-" + ordinal).toList();
  }

  /** True when the StatefulSet carries a departure record, cleared or not yet acted on. */
  public static boolean isRecorded(StatefulSet live) {
    Map<String, String> annotations = live.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(ANNOTATION);
  }

  /** A NATS StatefulSet with a JetStream volume: its servers form a meta group. */
  static boolean hasMetaGroup(StatefulSet set) {
    Map<String, String> labels = set.getMetadata().getLabels();
    if (labels == null || !NatsNames.COMPONENT.equals(labels.get(MooringLabels.COMPONENT))) {
      return false;
    }
    List<PersistentVolumeClaim> templates =
        set.getSpec() == null ? null : set.getSpec().getVolumeClaimTemplates();
    return templates != null
        && templates.stream()
            .anyMatch(t -> NatsNames.JETSTREAM_VOLUME.equals(t.getMetadata().getName()));
  }

  /** Ordinals named in the record; names that are not {@code <set>-<ordinal>} are ignored. */
  private static List<Integer> recordedOrdinals(StatefulSet live) {
    if (!isRecorded(live)) {
      return List.of();
    }
    String prefix = live.getMetadata().getName() + "-";
    List<Integer> ordinals = new ArrayList<>();
    Arrays.stream(live.getMetadata().getAnnotations().get(ANNOTATION).split(","))
        .map(String::trim)
        .filter(
            name -> name.startsWith(prefix) && name.substring(prefix.length()).matches("\\d{1,6}"))
        .forEach(name -> ordinals.add(Integer.parseInt(name.substring(prefix.length()))));
    return ordinals;
  }

  private static int replicas(StatefulSet set) {
    // Kubernetes defaults an unset replicas field to 1.
    Integer replicas = set.getSpec() == null ? null : set.getSpec().getReplicas();
    return replicas == null ? 1 : replicas;
  }
}
