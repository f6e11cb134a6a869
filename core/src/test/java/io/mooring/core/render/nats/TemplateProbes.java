package io.mooring.core.render.nats;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The startup and readiness probes of the StatefulSet that {@link LocalNatsPods} currently runs, as
 * the kubelet sends them: a roll of one pod at a time moves on once a restarted pod passes both.
 */
final class TemplateProbes {
  private TemplateProbes() {}

  /** The paths of the NATS container's startup probe, then its readiness probe. */
  static List<String> paths(DesiredState state) {
    StatefulSet set =
        state.objects().stream()
            .filter(StatefulSet.class::isInstance)
            .map(StatefulSet.class::cast)
            .findFirst()
            .orElseThrow();
    Container nats =
        set.getSpec().getTemplate().getSpec().getContainers().stream()
            .filter(container -> container.getName().equals(NatsClusterModel.CONTAINER))
            .findFirst()
            .orElseThrow();
    List<String> paths = new ArrayList<>();
    for (Probe probe : List.of(nats.getStartupProbe(), nats.getReadinessProbe())) {
      paths.add(probe.getHttpGet().getPath());
    }
    return paths;
  }

  /** True when the pod answers the probe's path with 200 and status ok. */
  static boolean passes(LocalNatsPods pods, int ordinal, String path) {
    JsonNode answer = pods.monitor(ordinal, path);
    return answer != null && "ok".equals(answer.path("status").asText());
  }

  /** Waits until the pod passes the template's startup and readiness probes. */
  static void awaitReady(LocalNatsPods pods, int ordinal) {
    List<String> paths = paths(pods.state());
    await("pod " + ordinal + " passes " + paths)
        .atMost(NatsClusterWaits.FORMATION)
        .pollInterval(Duration.ofMillis(200))
        .failFast(
            "pod " + ordinal + " exited",
            () -> pods.process(ordinal) != null && !pods.process(ordinal).isAlive())
        .until(() -> paths.stream().allMatch(path -> passes(pods, ordinal, path)));
  }
}
