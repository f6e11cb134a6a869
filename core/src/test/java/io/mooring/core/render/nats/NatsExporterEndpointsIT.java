package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.NatsSpec;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring endpoints the exporter sidecar reads, on three real nats-server processes
 * (127.0.0.211–213) running the rendered nats.conf: each answers on the monitoring port with the
 * JSON fields the chart's NATS alerts and dashboard are computed from. The exporter turns /varz
 * fields into gnatsd_varz_* and the /jsz answer into jetstream_*; a field missing here is a series
 * missing in Prometheus and an alert that can never fire.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatsExporterEndpointsIT {
  private static final Duration FORMATION = Duration.ofSeconds(30);
  private static final String STREAM = "ORDERS";

  private LocalNatsPods pods;

  @BeforeAll
  void startThreePodsWithAnR3Stream(@TempDir Path workDir) throws Exception {
    NatsSpec spec =
        NatsSpecs.builder("events")
            .replicas(3)
            .jetstream(true, "1Gi")
            .user("orders", "Orders-pw.1")
            .build();
    DesiredState state = NatsRenderer.render(spec, NatsSpecs.OPTIONS);
    pods = new LocalNatsPods(spec, new NatsNames(spec.ref(), "cluster.local"), state, workDir, 211);
    pods.startAll();
    pods.awaitMonitor(
        0, "/jsz", j -> !j.path("meta_cluster").path("leader").asText().isEmpty(), FORMATION);
    Options options =
        new Options.Builder()
            .server(pods.clientUrl(0))
            .userInfo("orders", pods.password("orders"))
            .connectionTimeout(Duration.ofSeconds(5))
            .build();
    try (Connection connection = Nats.connect(options)) {
      connection
          .jetStreamManagement()
          .addStream(
              StreamConfiguration.builder()
                  .name(STREAM)
                  .subjects("orders.>")
                  .replicas(3)
                  .storageType(StorageType.File)
                  .build());
      JetStream jetStream = connection.jetStream();
      for (int i = 0; i < 5; i++) {
        jetStream.publish("orders.created", ("order " + i).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @AfterAll
  void stopPods() throws InterruptedException {
    pods.close();
  }

  @Test
  void varzHasTheServerFiguresTheAlertsRead() throws Exception {
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      JsonNode varz =
          pods.awaitMonitor(
              ordinal,
              "/varz",
              v -> v.path("jetstream").path("meta").path("cluster_size").asInt() == 3,
              FORMATION);
      // NatsServerDown, NatsClusterSizeBelowSpec, dashboard: connections.
      assertThat(varz.path("connections").isNumber()).as("varz.connections").isTrue();
      // NatsSlowConsumers.
      assertThat(varz.path("slow_consumers").isNumber()).as("varz.slow_consumers").isTrue();
      // NatsStoreNearMaxFileStore: the spec's JetStream size, minus headroom, as max_file_store.
      JsonNode jetstream = varz.path("jetstream");
      assertThat(jetstream.path("config").path("max_storage").asLong())
          .as("varz.jetstream.config.max_storage")
          .isPositive()
          .isLessThanOrEqualTo(1L << 30);
      assertThat(jetstream.path("stats").path("storage").isNumber())
          .as("varz.jetstream.stats.storage")
          .isTrue();
      assertThat(varz.path("server_name").asText()).isEqualTo("events-nats-" + ordinal);
    }
  }

  @Test
  void jszWithConsumersAndConfigNamesTheMetaLeaderAndEachReplicasLastSequence() throws Exception {
    // -jsz=all makes the exporter ask for exactly this.
    String path = "/jsz?consumers=true&config=true";
    List<Long> lastSequences = new ArrayList<>();
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      JsonNode jsz =
          pods.awaitMonitor(
              ordinal, path, j -> streamState(j).path("last_seq").asLong() == 5, FORMATION);
      // NatsJetStreamNoMetaLeader: the meta_leader label; jetstream_server_jetstream_disabled.
      assertThat(jsz.path("meta_cluster").path("leader").asText()).startsWith("events-nats-");
      // "disabled" is left out while JetStream runs; the exporter reads that as 0.
      assertThat(jsz.path("disabled").asBoolean(false)).as("jsz.disabled").isFalse();
      assertThat(jsz.path("config").isObject()).as("jsz.config").isTrue();
      assertThat(jsz.path("config").path("max_storage").asLong()).isPositive();
      assertThat(jsz.path("streams").asInt()).isEqualTo(1);
      lastSequences.add(streamState(jsz).path("last_seq").asLong());
    }
    // NatsStreamReplicasLagging compares these across the servers.
    assertThat(lastSequences).containsOnly(5L);
  }

  @Test
  void routezConnzAndSubszAnswer() throws Exception {
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      JsonNode routez =
          pods.awaitMonitor(ordinal, "/routez", r -> r.path("num_routes").asInt() > 0, FORMATION);
      assertThat(routez.path("routes").isArray()).isTrue();
      assertThat(pods.monitor(ordinal, "/connz").path("num_connections").isNumber()).isTrue();
      assertThat(pods.monitor(ordinal, "/subsz").path("num_subscriptions").isNumber()).isTrue();
    }
  }

  /** The ORDERS stream's state in a /jsz answer, or a missing node. */
  private static JsonNode streamState(JsonNode jsz) {
    for (JsonNode account : jsz.path("account_details")) {
      for (JsonNode stream : account.path("stream_detail")) {
        if (STREAM.equals(stream.path("name").asText())) {
          return stream.path("state");
        }
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
