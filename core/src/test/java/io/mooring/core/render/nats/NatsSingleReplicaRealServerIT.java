package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof 5: with {@code replicas: 1} the rendered nats.conf boots a standalone server with
 * JetStream.
 */
class NatsSingleReplicaRealServerIT {
  @TempDir Path workDir;

  @Test
  void aSingleReplicaBootsStandaloneWithJetStreamWorking() throws Exception {
    NatsSpec spec =
        NatsSpecs.builder("solo").replicas(1).jetstream(true, "1Gi").user("app", null).build();
    try (LocalNatsPods pods =
        new LocalNatsPods(
            spec,
            new NatsNames(spec.ref(), "cluster.local"),
            NatsRenderer.render(spec, NatsSpecs.OPTIONS),
            workDir,
            41)) {
      pods.start(0);
      pods.awaitMonitor(
          0,
          "/healthz?js-enabled-only=true",
          h -> "ok".equals(h.path("status").asText()),
          Duration.ofSeconds(20));
      assertThat(pods.monitor(0, "/routez").path("num_routes").asInt()).isZero();
      assertThat(pods.monitor(0, "/varz").path("cluster").path("port").asInt())
          .as("no cluster listener")
          .isZero();

      Options options =
          new Options.Builder()
              .server(pods.clientUrl(0))
              .userInfo("app", pods.password("app"))
              .noReconnect()
              .build();
      try (Connection connection = Nats.connect(options)) {
        connection
            .jetStreamManagement()
            .addStream(
                StreamConfiguration.builder()
                    .name("EVENTS")
                    .subjects("events.>")
                    .storageType(StorageType.File)
                    .build());
        JetStream jetStream = connection.jetStream();
        for (int i = 1; i <= 5; i++) {
          assertThat(
                  jetStream
                      .publish("events.tick", ("tick " + i).getBytes(StandardCharsets.UTF_8))
                      .getSeqno())
              .isEqualTo(i);
        }
      }
      JsonNode jsz = pods.monitor(0, "/jsz");
      assertThat(jsz.path("streams").asInt()).isEqualTo(1);
      assertThat(jsz.path("messages").asInt()).isEqualTo(5);
      assertThat(jsz.path("config").path("max_storage").asLong())
          .as("max_file_store = 90% of the volume")
          .isEqualTo((long) ((1L << 30) * 0.9));
      assertThat(jsz.path("config").path("max_memory").asLong())
          .as("a quarter of 128Mi")
          .isEqualTo(32L << 20);
    }
  }
}
