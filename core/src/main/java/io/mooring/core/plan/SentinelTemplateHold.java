package io.mooring.core.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.mooring.core.diff.Differ;
import io.mooring.core.diff.FieldDrift;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.redisops.RollProgress;
import io.mooring.core.render.common.MooringLabels;
import java.util.List;
import java.util.Map;

/**
 * Rule 10: a Redis app's Sentinels move to a new pod template after its data pods, never together
 * with the master. While the data pods of its {@code OnDelete} StatefulSet are to roll (the write
 * at hand changes their template, or an earlier roll is not finished), the Sentinel Deployment is
 * written with the pod template that runs now, so the failover of the roll has all three Sentinels
 * to vote. Once the roll is done the next plan writes the new template, and the Deployment's
 * rolling update (no surge, one unavailable, ready once a Sentinel knows the master and its peers)
 * replaces the Sentinels one at a time.
 */
public final class SentinelTemplateHold {
  private static final String SENTINEL = "sentinel";
  private static final String REDIS = "redis";
  private static final String POD_TEMPLATE = "spec.template";

  private SentinelTemplateHold() {}

  /**
   * Gives the desired Sentinel Deployment the live pod template while the data pods are to roll.
   *
   * @param desired the app's prepared objects; the Sentinel Deployment among them is edited
   * @param liveByKey the app's live objects
   * @return true when a Sentinel template change was held back
   */
  public static boolean hold(List<HasMetadata> desired, Map<ObjectKey, HasMetadata> liveByKey) {
    if (!dataPodsToRoll(desired, liveByKey)) {
      return false;
    }
    boolean held = false;
    for (HasMetadata object : desired) {
      if (object instanceof Deployment sentinels
          && SENTINEL.equals(component(sentinels))
          && liveByKey.get(ObjectKey.of(sentinels)) instanceof Deployment live
          && live.getSpec() != null
          && live.getSpec().getTemplate() != null
          && templateChanges(sentinels, live)) {
        sentinels
            .getSpec()
            .setTemplate(new PodTemplateSpecBuilder(live.getSpec().getTemplate()).build());
        held = true;
      }
    }
    return held;
  }

  private static boolean dataPodsToRoll(
      List<HasMetadata> desired, Map<ObjectKey, HasMetadata> liveByKey) {
    for (HasMetadata object : desired) {
      if (object instanceof StatefulSet set
          && REDIS.equals(component(set))
          && onDelete(set)
          && liveByKey.get(ObjectKey.of(set)) instanceof StatefulSet live
          && (templateChanges(set, live) || rollOutstanding(live))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A roll is recorded in flight, the controller has not yet counted the pods against the latest
   * template, or some pods run an older one.
   */
  static boolean rollOutstanding(StatefulSet live) {
    Map<String, String> annotations = live.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(RollProgress.ANNOTATION)) {
      return true;
    }
    StatefulSetStatus status = live.getStatus();
    if (status == null) {
      return false;
    }
    Long generation = live.getMetadata().getGeneration();
    Long seen = status.getObservedGeneration();
    if (generation != null && seen != null && seen < generation) {
      return true;
    }
    int replicas =
        live.getSpec() == null || live.getSpec().getReplicas() == null
            ? 1
            : live.getSpec().getReplicas();
    return status.getUpdateRevision() != null
        && (status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas()) < replicas;
  }

  private static boolean templateChanges(HasMetadata desired, HasMetadata live) {
    return Differ.standard().diff(desired, live).drifts().stream()
        .map(FieldDrift::path)
        .anyMatch(path -> path.startsWith(POD_TEMPLATE));
  }

  private static boolean onDelete(StatefulSet set) {
    return set.getSpec() != null
        && set.getSpec().getUpdateStrategy() != null
        && "OnDelete".equals(set.getSpec().getUpdateStrategy().getType());
  }

  private static String component(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? null : labels.get(MooringLabels.COMPONENT);
  }
}
