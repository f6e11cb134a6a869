package io.mooring.core.redis;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.kube.Applier;
import io.mooring.core.redisops.RollPods;
import io.mooring.core.redisops.RollProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A StatefulSet's pods as its controller labels them ({@code controller-revision-hash} against the
 * set's {@code status.updateRevision}), deleted through the applier (only the leader may), with the
 * roll's record kept as an annotation on the set.
 */
public final class StatefulSetRollPods implements RollPods {
  private static final Logger LOG = LoggerFactory.getLogger(StatefulSetRollPods.class);
  private static final String REVISION_LABEL = "controller-revision-hash";

  private final KubernetesClient client;
  private final Applier applier;
  private final StatefulSet set;

  public StatefulSetRollPods(KubernetesClient client, Applier applier, StatefulSet set) {
    this.client = client;
    this.applier = applier;
    this.set = set;
  }

  private StatefulSet fresh() {
    StatefulSet current =
        client
            .apps()
            .statefulSets()
            .inNamespace(set.getMetadata().getNamespace())
            .withName(set.getMetadata().getName())
            .get();
    if (current == null) {
      throw new IllegalStateException(ObjectKey.of(set) + " is gone");
    }
    return current;
  }

  @Override
  public String updateRevision() {
    StatefulSet current = fresh();
    return current.getStatus() == null || current.getStatus().getUpdateRevision() == null
        ? ""
        : current.getStatus().getUpdateRevision();
  }

  @Override
  public List<Pod> pods() {
    StatefulSet current = fresh();
    String revision = current.getStatus() == null ? null : current.getStatus().getUpdateRevision();
    Map<String, String> selector = current.getSpec().getSelector().getMatchLabels();
    List<io.fabric8.kubernetes.api.model.Pod> running =
        client
            .pods()
            .inNamespace(current.getMetadata().getNamespace())
            .withLabels(selector)
            .list()
            .getItems();
    int replicas = current.getSpec().getReplicas() == null ? 1 : current.getSpec().getReplicas();
    List<Pod> pods = new ArrayList<>();
    for (int ordinal = 0; ordinal < replicas; ordinal++) {
      String name = current.getMetadata().getName() + "-" + ordinal;
      boolean updated =
          running.stream()
              .filter(pod -> pod.getMetadata().getName().equals(name))
              .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
              .anyMatch(
                  pod ->
                      revision != null
                          && revision.equals(pod.getMetadata().getLabels().get(REVISION_LABEL)));
      pods.add(new Pod(name, ordinal, updated));
    }
    return pods;
  }

  @Override
  public void restart(String pod) {
    LOG.info("{}: restarting pod {} onto the current template", ObjectKey.of(set), pod);
    // Through the applier: only the leader may delete.
    applier.delete(
        new PodBuilder()
            .withNewMetadata()
            .withName(pod)
            .withNamespace(set.getMetadata().getNamespace())
            .endMetadata()
            .build());
  }

  @Override
  public Optional<RollProgress> recorded() {
    Map<String, String> annotations = fresh().getMetadata().getAnnotations();
    return RollProgress.decode(
        annotations == null ? null : annotations.get(RollProgress.ANNOTATION));
  }

  @Override
  public void record(Optional<RollProgress> progress) {
    if (progress.isPresent()) {
      applier.annotate(set, RollProgress.ANNOTATION, progress.get().encode());
    } else {
      applier.removeAnnotation(set, RollProgress.ANNOTATION);
    }
  }
}
