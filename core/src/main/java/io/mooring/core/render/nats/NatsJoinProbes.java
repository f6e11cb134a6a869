package io.mooring.core.render.nats;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * The probes of a NATS pod while JetStream is turned on for a cluster that ran without it.
 *
 * <p>A JetStream server among peers without JetStream sizes its meta group down to the JetStream
 * servers it sees, but never below two: the first pod a roll restarts with JetStream finds no meta
 * leader and fails every probe that asks for one ({@code /healthz}, {@code js-server-only}), so the
 * one-pod-at-a-time roll would wait on it forever. With the probes below it turns ready once its
 * server runs with JetStream, the roll moves on to the next pod, and the first two JetStream
 * servers elect a leader together. Nothing has to catch up meanwhile: without JetStream there were
 * no streams.
 */
public final class NatsJoinProbes {
  /** Answers ok once the server runs with JetStream, whether or not it has a meta leader. */
  public static final String JETSTREAM_RUNNING = "/healthz?js-enabled-only=true";

  private NatsJoinProbes() {}

  /**
   * Points the NATS container's startup and readiness probes of {@code set} at a running server.
   */
  public static void apply(StatefulSet set) {
    for (Container container : set.getSpec().getTemplate().getSpec().getContainers()) {
      if (!NatsClusterModel.CONTAINER.equals(container.getName())) {
        continue;
      }
      container.setStartupProbe(toRunningServer(container.getStartupProbe()));
      container.setReadinessProbe(toRunningServer(container.getReadinessProbe()));
    }
  }

  /** True when the NATS container's readiness probe is the join's. */
  public static boolean isApplied(StatefulSet set) {
    if (set.getSpec() == null || set.getSpec().getTemplate() == null) {
      return false;
    }
    return set.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(container -> NatsClusterModel.CONTAINER.equals(container.getName()))
        .map(Container::getReadinessProbe)
        .anyMatch(
            probe ->
                probe != null
                    && probe.getHttpGet() != null
                    && JETSTREAM_RUNNING.equals(probe.getHttpGet().getPath()));
  }

  private static Probe toRunningServer(Probe probe) {
    if (probe == null || probe.getHttpGet() == null) {
      return probe;
    }
    return new ProbeBuilder(probe).editHttpGet().withPath(JETSTREAM_RUNNING).endHttpGet().build();
  }
}
