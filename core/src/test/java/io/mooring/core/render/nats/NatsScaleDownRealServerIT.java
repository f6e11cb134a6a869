package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.nats.JetStreamPeers;
import io.mooring.core.nats.JetStreamPeersException;
import io.mooring.core.nats.NatsPeerRemoval;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.NatsSpec;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-down rule on five real nats-server processes (127.0.0.61–65) running the rendered
 * nats.conf, talked to with jnats. A scale-down from 5 to 3 stops servers 3 and 4. Left in the meta
 * group, they still count towards its quorum (3 of 5), so losing one more server stops JetStream.
 * Removed as the system user, with the Secret's password, they leave a group of 3 whose quorum is
 * 2, which survives that loss.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NatsScaleDownRealServerIT {
  private static final Duration SETTLE = Duration.ofSeconds(20);
  private static final Duration REQUEST = Duration.ofSeconds(3);

  private NatsSpec spec;
  private DesiredState state;
  private LocalNatsPods pods;

  @BeforeAll
  void startFivePods(@TempDir Path workDir) {
    spec =
        NatsSpecs.builder("fleet")
            .replicas(5)
            .jetstream(true, "1Gi")
            .user("app", "App-pw.1")
            .build();
    state = NatsRenderer.render(spec, NatsSpecs.OPTIONS);
    pods = new LocalNatsPods(spec, new NatsNames(spec.ref(), "cluster.local"), state, workDir, 61);
    pods.startAll();
  }

  @AfterAll
  void stopPods() throws InterruptedException {
    pods.close();
  }

  @Test
  @Order(1)
  void fiveServersFormOneMetaGroup() throws Exception {
    Set<String> group = await(() -> metaGroup(0), g -> g.size() == 5);
    assertThat(group)
        .containsExactlyInAnyOrder(
            "fleet-nats-0", "fleet-nats-1", "fleet-nats-2", "fleet-nats-3", "fleet-nats-4");
  }

  @Test
  @Order(2)
  void withoutRemovalTheStoppedServersStayAndOneMoreLossStopsJetStream() throws Exception {
    pods.stop(4);
    pods.stop(3);
    assertThat(await(() -> createStream(0, "BEFORE"), ack -> true).getSeqno())
        .as("3 of 5 still hold a quorum")
        .isEqualTo(1);
    assertThat(metaGroup(0))
        .as("the departed servers are still members")
        .contains("fleet-nats-3", "fleet-nats-4")
        .hasSize(5);
    assertThat(pods.monitor(0, "/jsz").path("meta_cluster").path("cluster_size").asInt())
        .isEqualTo(5);

    pods.stop(2);
    await(() -> lossSeenBySurvivors("fleet-nats-2"), seen -> seen);
    assertThatThrownBy(() -> createStream(0, "LOST"))
        .as("2 of 5 is no quorum: JetStream takes no more changes")
        .isInstanceOfAny(IOException.class, JetStreamApiException.class);

    pods.start(2);
    await(() -> createStream(0, "BACK"), ack -> true);
  }

  @Test
  @Order(3)
  void removingTheDepartedServersLetsTheGroupSurviveTheNextLoss() throws Exception {
    // Mooring removes right after the smaller StatefulSet is applied, when a departing pod may
    // still be in
    // its lame-duck grace period: server 3 runs again, as such a pod would.
    pods.start(3);
    pods.awaitMonitor(
        3, "/healthz?js-server-only=true", h -> "ok".equals(h.path("status").asText()), SETTLE);
    NatsPeerRemoval removal =
        new NatsPeerRemoval(this::liveObject, app -> pods.clientUrl(0), REQUEST);
    removal.serversLeft(spec.ref(), List.of("fleet-nats-3", "fleet-nats-4"));

    Set<String> group = await(() -> metaGroup(0), g -> g.size() == 3);
    assertThat(group).containsExactlyInAnyOrder("fleet-nats-0", "fleet-nats-1", "fleet-nats-2");
    assertThat(
            await(
                () -> pods.log(3), log -> log.contains("our server was removed from the cluster")))
        .as("a running server that is removed stops its JetStream instead of rejoining")
        .contains("JetStream being DISABLED");
    pods.stop(3);
    await(
        () -> pods.monitor(0, "/jsz").path("meta_cluster").path("cluster_size").asInt(),
        size -> size == 3);
    try (JetStreamPeers peers = systemPeers(0)) {
      assertThat(peers.remove(List.of("fleet-nats-3", "fleet-nats-4")))
          .as("already gone: nothing to do")
          .isEmpty();
    }
    removal.serversLeft(spec.ref(), List.of("fleet-nats-3", "fleet-nats-4"));

    pods.stop(2);
    PublishAck ack = await(() -> createStream(0, "AFTER"), a -> true);
    assertThat(ack.getStream()).isEqualTo("AFTER");
    assertThat(metaGroup(1)).as("2 of 3 elect a leader").hasSize(3);
  }

  @Test
  @Order(4)
  void aWrongPasswordAnUnreachableServerOrANonSystemUserIsAClearError() throws Exception {
    assertThatThrownBy(
            () ->
                JetStreamPeers.connect(
                    pods.clientUrl(0), NatsNames.SYSTEM_USER, "Wrong-pw.7", REQUEST))
        .isInstanceOf(JetStreamPeersException.class)
        .hasMessageContaining(pods.clientUrl(0))
        .hasMessageContaining("Authorization Violation")
        .hasMessageNotContaining("Wrong-pw.7");

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String unreachable = "nats://127.0.0.1:" + closedPort;
    NatsPeerRemoval removal = new NatsPeerRemoval(this::liveObject, app -> unreachable, REQUEST);
    assertThatThrownBy(() -> removal.serversLeft(spec.ref(), List.of("fleet-nats-4")))
        .isInstanceOf(JetStreamPeersException.class)
        .hasMessageContaining("cannot connect to " + unreachable)
        .hasMessageNotContaining(pods.password(NatsNames.SYSTEM_USER));

    try (JetStreamPeers asAppUser =
        JetStreamPeers.connect(pods.clientUrl(0), "app", "App-pw.1", Duration.ofSeconds(1))) {
      assertThatThrownBy(asAppUser::metaGroup)
          .isInstanceOf(JetStreamPeersException.class)
          .hasMessageContaining("no JetStream meta leader answered");
    }
  }

  /**
   * The live objects as the cluster cache would hold them: here, the rendered credentials Secret.
   */
  private HasMetadata liveObject(ObjectKey key) {
    return state.objects().stream()
        .filter(Secret.class::isInstance)
        .filter(secret -> ObjectKey.of(secret).equals(key))
        .findFirst()
        .orElse(null);
  }

  private JetStreamPeers systemPeers(int ordinal) {
    return JetStreamPeers.connect(
        pods.clientUrl(ordinal),
        NatsNames.SYSTEM_USER,
        pods.password(NatsNames.SYSTEM_USER),
        REQUEST);
  }

  private Set<String> metaGroup(int ordinal) {
    try (JetStreamPeers peers = systemPeers(ordinal)) {
      return peers.metaGroup();
    }
  }

  /** Creates an R1 stream as the spec's user and publishes one message to it. */
  private PublishAck createStream(int ordinal, String name) throws Exception {
    Options options =
        new Options.Builder()
            .server(pods.clientUrl(ordinal))
            .userInfo("app", "App-pw.1")
            .connectionTimeout(REQUEST)
            .noReconnect()
            .build();
    try (Connection connection = Nats.connect(options)) {
      JetStreamOptions js = JetStreamOptions.builder().requestTimeout(REQUEST).build();
      connection
          .jetStreamManagement(js)
          .addStream(
              StreamConfiguration.builder()
                  .name(name)
                  .subjects(name.toLowerCase(Locale.ROOT) + ".>")
                  .replicas(1)
                  .storageType(StorageType.File)
                  .build());
      return connection
          .jetStream(js)
          .publish(name.toLowerCase(Locale.ROOT) + ".one", "1".getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * True once the surviving servers know {@code pod} is gone: the meta leader lists it offline, or
   * no leader is left. From then on the group acts on the loss, so a change it still accepted would
   * prove a quorum where there is none.
   */
  private boolean lossSeenBySurvivors(String pod) {
    JsonNode view = pods.monitor(0, "/jsz");
    if (view == null) {
      return false;
    }
    String leader = view.path("meta_cluster").path("leader").asText("");
    if (leader.isEmpty()) {
      return true;
    }
    if (leader.equals(pod)) {
      return false;
    }
    JsonNode leaderView =
        pods.monitor(Integer.parseInt(leader.substring(leader.lastIndexOf('-') + 1)), "/jsz");
    if (leaderView == null) {
      return false;
    }
    for (JsonNode replica : leaderView.path("meta_cluster").path("replicas")) {
      if (replica.path("name").asText().equals(pod) && replica.path("offline").asBoolean()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Retries while a new meta leader is elected or a change spreads; fails with the last problem.
   */
  private static <T> T await(Callable<T> attempt, Predicate<T> done) {
    return Awaitility.await()
        .atMost(SETTLE)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptionsMatching(e -> true)
        .until(attempt, done);
  }
}
