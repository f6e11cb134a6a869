package io.mooring.core.plan;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.mooring.core.render.nats.NatsJoinProbes;
import java.util.Objects;

/**
 * JetStream turned on for a running NATS cluster of two or more servers, in two rolls of one pod at
 * a time. The first roll runs the new template with probes that wait only for a server running
 * JetStream ({@link NatsJoinProbes}): with the usual probes it would stop at its first pod, which
 * finds no meta leader until a second server has JetStream too. Once every pod runs that template
 * and is ready, the usual probes come back, and with them a second roll in which each restarted
 * server must find the meta leader and catch up before the next one goes, as in every later roll.
 *
 * <p>The live template is the join's record: its probes say that the first roll is under way, so
 * every later sync, by whichever replica runs it, renders the same template until the controller
 * reports that roll done.
 */
final class JetStreamJoin {
  private JetStreamJoin() {}

  /**
   * Gives the desired StatefulSet the join's probes while a join starts (the live set has no
   * JetStream volume yet) or its first roll is under way.
   */
  static void prepare(StatefulSet desired, StatefulSet live) {
    if (live == null || replicas(desired) < 2 || !ServerDepartures.hasMetaGroup(desired)) {
      return;
    }
    boolean starting = !ServerDepartures.hasMetaGroup(live);
    boolean underway = NatsJoinProbes.isApplied(live) && !rolledOut(live);
    if (starting || underway) {
      NatsJoinProbes.apply(desired);
    }
  }

  /**
   * The controller has seen the live template and reports every pod on it and ready: the roll is
   * over.
   */
  static boolean rolledOut(StatefulSet live) {
    StatefulSetStatus status = live.getStatus();
    Long generation = live.getMetadata().getGeneration();
    if (status == null
        || generation == null
        || status.getObservedGeneration() == null
        || status.getObservedGeneration() < generation
        || status.getUpdateRevision() == null) {
      return false;
    }
    int replicas = replicas(live);
    return Objects.equals(status.getUpdatedReplicas(), replicas)
        && Objects.equals(status.getReadyReplicas(), replicas)
        && status.getUpdateRevision().equals(status.getCurrentRevision());
  }

  private static int replicas(StatefulSet set) {
    // Kubernetes defaults an unset replicas field to 1.
    Integer replicas = set.getSpec() == null ? null : set.getSpec().getReplicas();
    return replicas == null ? 1 : replicas;
  }
}
