package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * Waits on what the servers of {@link LocalNatsPods} report about themselves, polling their monitor
 * port; a pod whose process exits fails the wait at once, with its log.
 */
final class NatsClusterWaits {
  static final Duration FORMATION = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(200);

  private NatsClusterWaits() {}

  /**
   * Every pod routes to all others, the JetStream meta group has a leader and each pod reports
   * itself healthy for JetStream.
   */
  static void formed(LocalNatsPods pods, int replicas) {
    for (int ordinal = 0; ordinal < replicas; ordinal++) {
      healthy(pods, ordinal, replicas);
    }
    await("a JetStream meta leader")
        .atMost(FORMATION)
        .pollInterval(POLL)
        .untilAsserted(
            () -> {
              JsonNode jsz = pods.monitor(0, "/jsz");
              assertThat(jsz).as("jsz of pod 0").isNotNull();
              assertThat(jsz.path("meta_cluster").path("leader").asText()).isNotEmpty();
            });
  }

  /**
   * One pod routes to all its peers and passes the pod's startup probe ({@code /healthz}: its
   * streams have caught up) and readiness probe, as a StatefulSet roll waits for before the next
   * pod.
   */
  static void healthy(LocalNatsPods pods, int ordinal, int replicas) {
    await("pod " + ordinal + " routed and healthy")
        .atMost(FORMATION)
        .pollInterval(POLL)
        .failFast(
            "pod " + ordinal + " exited",
            () -> pods.process(ordinal) != null && !pods.process(ordinal).isAlive())
        .untilAsserted(
            () -> {
              JsonNode routez = pods.monitor(ordinal, "/routez");
              assertThat(routez).as("routez of pod " + ordinal).isNotNull();
              assertThat(routez.path("num_routes").asInt()).isEqualTo(replicas - 1);
              for (String probe : List.of("/healthz", "/healthz?js-server-only=true")) {
                JsonNode health = pods.monitor(ordinal, probe);
                assertThat(health).as(probe + " of pod " + ordinal).isNotNull();
                assertThat(health.path("status").asText()).isEqualTo("ok");
              }
            });
  }
}
