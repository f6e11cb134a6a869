package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.NatsSpec;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proofs 2–4 on three real nats-server processes (127.0.0.31–33) running the rendered nats.conf,
 * driven with the NATS Java client (jnats): the cluster forms, a spec user logs in with the
 * Secret's password and uses an R3 stream, and that stream stays writable with one pod stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NatsClusterRealServerIT {
  private static final Duration FORMATION = Duration.ofSeconds(30);
  private static final String STREAM = "ORDERS";

  private LocalNatsPods pods;

  @BeforeAll
  void startThreePods(@TempDir Path workDir) {
    NatsSpec spec =
        NatsSpecs.builder("events")
            .replicas(3)
            .jetstream(true, "1Gi")
            .user("orders", "Orders-pw.1")
            .user("audit", null)
            .build();
    DesiredState state = NatsRenderer.render(spec, NatsSpecs.OPTIONS);
    pods = new LocalNatsPods(spec, new NatsNames(spec.ref(), "cluster.local"), state, workDir, 31);
    pods.startAll();
  }

  @AfterAll
  void stopPods() throws InterruptedException {
    pods.close();
  }

  private Connection connect(String user, String password, int... ordinals) throws Exception {
    Options.Builder options =
        new Options.Builder()
            .userInfo(user, password)
            .connectionTimeout(Duration.ofSeconds(5))
            .noReconnect();
    for (int ordinal : ordinals) {
      options.server(pods.clientUrl(ordinal));
    }
    return Nats.connect(options.build());
  }

  @Test
  @Order(1)
  void threePodsFormOneClusterWithAJetStreamMetaLeader() throws Exception {
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      JsonNode routez =
          pods.awaitMonitor(ordinal, "/routez", r -> r.path("num_routes").asInt() == 2, FORMATION);
      assertThat(routez.path("num_routes").asInt()).isEqualTo(2);
      JsonNode varz = pods.monitor(ordinal, "/varz");
      assertThat(varz.path("server_name").asText())
          .as("server_name is the pod name")
          .isEqualTo("events-nats-" + ordinal);
    }
    JsonNode jsz =
        pods.awaitMonitor(
            0, "/jsz", j -> !j.path("meta_cluster").path("leader").asText().isEmpty(), FORMATION);
    assertThat(jsz.path("meta_cluster").path("leader").asText()).startsWith("events-nats-");
    assertThat(jsz.path("meta_cluster").path("cluster_size").asInt()).isEqualTo(3);
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      pods.awaitMonitor(
          ordinal,
          "/healthz?js-server-only=true",
          h -> "ok".equals(h.path("status").asText()),
          FORMATION);
    }
  }

  @Test
  @Order(2)
  void aSpecUserLogsInWithTheSecretsPasswordAndWritesToAnR3Stream() throws Exception {
    try (Connection connection = connect("orders", pods.password("orders"), 0)) {
      JetStreamManagement management = connection.jetStreamManagement();
      StreamInfo info =
          management.addStream(
              StreamConfiguration.builder()
                  .name(STREAM)
                  .subjects("orders.>")
                  .replicas(3)
                  .storageType(StorageType.File)
                  .build());
      assertThat(info.getConfiguration().getReplicas()).isEqualTo(3);
      JetStream jetStream = connection.jetStream();
      for (int i = 0; i < 10; i++) {
        PublishAck ack =
            jetStream.publish("orders.created", ("order " + i).getBytes(StandardCharsets.UTF_8));
        assertThat(ack.getStream()).isEqualTo(STREAM);
        assertThat(ack.getSeqno()).isEqualTo(i + 1);
      }
    }
    try (Connection generated = connect("audit", pods.password("audit"), 1)) {
      assertThat(
              generated.jetStreamManagement().getStreamInfo(STREAM).getStreamState().getMsgCount())
          .isEqualTo(10);
    }
  }

  @Test
  @Order(3)
  void aWrongPasswordIsRefused() {
    assertThatThrownBy(() -> connect("orders", "Orders-pw.2", 0))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Authorization Violation");
  }

  @Test
  @Order(4)
  void theR3StreamTakesPublishesWithOnePodStopped() throws Exception {
    LocalNatsPods.StopOutcome stop;
    // A client on the stopping pod keeps it in lame duck mode for the grace period, as in
    // production.
    try (Connection onStoppingPod = connect("audit", pods.password("audit"), 2)) {
      stop =
          pods.stopLikeKubelet(2, Duration.ofSeconds(NatsClusterModel.TERMINATION_GRACE_SECONDS));
    }
    assertThat(pods.log(2)).contains("Entering lame duck mode");
    assertThat(stop.exitedDuringPreStop())
        .as("lame duck ends within terminationGracePeriodSeconds")
        .isTrue();
    assertThat(stop.exitCode()).as("a clean exit, no kill").isZero();
    assertThat(pods.process(2).isAlive()).isFalse();
    try (Connection connection = connect("orders", pods.password("orders"), 0, 1)) {
      JetStream jetStream = connection.jetStream();
      // The first publish may wait for the stream's group to settle on a leader among the two
      // survivors.
      PublishAck first = publishWithin(jetStream, Duration.ofSeconds(15));
      assertThat(first.getSeqno()).isEqualTo(11);
      for (int i = 0; i < 10; i++) {
        assertThat(
                jetStream
                    .publish("orders.created", "after".getBytes(StandardCharsets.UTF_8))
                    .getSeqno())
            .isEqualTo(12 + i);
      }
      StreamInfo info = connection.jetStreamManagement().getStreamInfo(STREAM);
      assertThat(info.getStreamState().getMsgCount()).isEqualTo(21);
    }
  }

  /** Publishes once a stream leader is elected again; fails with the last refusal. */
  private static PublishAck publishWithin(JetStream jetStream, Duration timeout) {
    return await("a publish is acknowledged")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsMatching(
            e -> e instanceof IOException || e instanceof JetStreamApiException)
        .until(
            () -> jetStream.publish("orders.created", "after".getBytes(StandardCharsets.UTF_8)),
            ack -> true);
  }
}
