package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.core.nats.JetStreamPeers;
import io.mooring.core.nats.JetStreamPeersException;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.testing.RealBinaries;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec without users on three real nats-server processes (127.0.0.91–93): as in the Cozystack
 * API, clients need no login, and they get JetStream; the system account still takes only its own
 * user. The routes between the pods need the login of the routes file: a server that knows the
 * cluster's port but not that login is refused, and the same server with it joins.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NatsOpenAccessAndRoutesIT {
  private static final String ROGUE_ADDRESS = "127.0.0.94";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Path natsServer = RealBinaries.require("nats-server", "nats-server");
  private NatsSpec spec;
  private NatsNames names;
  private LocalNatsPods pods;
  private Path workDir;

  @BeforeAll
  void startThreePods(@TempDir Path workDir) {
    this.workDir = workDir;
    spec = NatsSpecs.builder("open").replicas(3).jetstream(true, "1Gi").build();
    names = new NatsNames(spec.ref(), "cluster.local");
    DesiredState state = NatsRenderer.render(spec, RenderOptions.defaults());
    pods = new LocalNatsPods(spec, names, state, workDir, 91);
    pods.startAll();
    NatsClusterWaits.formed(pods, 3);
  }

  @AfterAll
  void stopPods() throws InterruptedException {
    pods.close();
  }

  @Test
  @Order(1)
  void aClientWithoutALoginConnectsAndUsesAnR3Stream() throws Exception {
    try (Connection client = connect(new Options.Builder(), 0)) {
      client
          .jetStreamManagement()
          .addStream(
              StreamConfiguration.builder()
                  .name("OPEN")
                  .subjects("open.>")
                  .replicas(3)
                  .storageType(StorageType.File)
                  .build());
      assertThat(
              client
                  .jetStream()
                  .publish("open.hello", "hi".getBytes(StandardCharsets.UTF_8))
                  .getSeqno())
          .isEqualTo(1);
    }
  }

  @Test
  @Order(2)
  void theSystemAccountStillTakesOnlyItsOwnUser() {
    try (JetStreamPeers peers =
        JetStreamPeers.connect(
            pods.clientUrl(1),
            NatsNames.SYSTEM_USER,
            pods.password(NatsNames.SYSTEM_USER),
            Duration.ofSeconds(5))) {
      assertThat(peers.metaGroup()).hasSize(3);
    }
    assertThatThrownBy(
            () ->
                JetStreamPeers.connect(
                    pods.clientUrl(1), NatsNames.SYSTEM_USER, "Wrong-pw.1", Duration.ofSeconds(5)))
        .isInstanceOf(JetStreamPeersException.class)
        .hasMessageContaining("Authorization Violation");
  }

  @Test
  @Order(3)
  void aServerWithoutTheRouteLoginIsRefusedAndJoinsWithIt() throws Exception {
    int[] ports = freePorts(3);
    String bareRoute = "nats://" + pods.clusterAddress(0);
    Process rogue = startRogue("rogue", bareRoute, ports);
    try {
      Path log = workDir.resolve("rogue").resolve("nats.log");
      await("the rogue route refused")
          .atMost(NatsClusterWaits.FORMATION)
          .until(
              () -> Files.exists(log) && Files.readString(log).contains("Authorization Violation"));
      assertThat(routes(ROGUE_ADDRESS + ":" + ports[2])).isZero();
      assertThat(pods.monitor(0, "/routez").path("num_routes").asInt()).isEqualTo(2);
    } finally {
      stop(rogue);
    }

    String password = pods.password(NatsRouteAuth.PASSWORD_KEY);
    String loggedIn =
        "nats://"
            + NatsNames.ROUTE_USER
            + ":"
            + NatsRouteAuth.encode(password)
            + "@"
            + pods.clusterAddress(0);
    Process member = startRogue("member", loggedIn, freePorts(3));
    try {
      await("pod 0 routed to the new member")
          .atMost(NatsClusterWaits.FORMATION)
          .until(() -> routes(pods, 0) == 3);
    } finally {
      stop(member);
    }
  }

  /**
   * A server of the same cluster name that routes to pod 0 only, with a login of its own (the
   * routes file's, or none) and the cluster authorization it would need to take routes back.
   */
  private Process startRogue(String name, String route, int[] ports) throws IOException {
    Path dir = workDir.resolve(name);
    Files.createDirectories(dir);
    String conf =
        "server_name: \""
            + name
            + "\"\n"
            + "listen: \""
            + ROGUE_ADDRESS
            + ":"
            + ports[0]
            + "\"\n"
            + "http: \""
            + ROGUE_ADDRESS
            + ":"
            + ports[2]
            + "\"\n"
            + "cluster {\n  name: \""
            + names.clusterName()
            + "\"\n  listen: \""
            + ROGUE_ADDRESS
            + ":"
            + ports[1]
            + "\"\n  routes: [\""
            + route
            + "\"]\n  no_advertise: true\n}\n";
    Path file = dir.resolve("nats.conf");
    Files.writeString(file, conf);
    return new ProcessBuilder(natsServer.toString(), "--config", file.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("nats.log").toFile())
        .start();
  }

  private static int routes(LocalNatsPods pods, int ordinal) {
    JsonNode routez = pods.monitor(ordinal, "/routez");
    return routez == null ? -1 : routez.path("num_routes").asInt();
  }

  private static int routes(String monitorAddress) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://" + monitorAddress + "/routez")).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body()).path("num_routes").asInt();
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static int[] freePorts(int count) throws IOException {
    int[] ports = new int[count];
    ServerSocket[] sockets = new ServerSocket[count];
    try {
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket();
        sockets[i].bind(new InetSocketAddress(InetAddress.getByName(ROGUE_ADDRESS), 0));
        ports[i] = sockets[i].getLocalPort();
      }
    } finally {
      for (ServerSocket socket : sockets) {
        if (socket != null) {
          socket.close();
        }
      }
    }
    return ports;
  }

  private Connection connect(Options.Builder login, int ordinal) throws Exception {
    return Nats.connect(
        login
            .server(pods.clientUrl(ordinal))
            .connectionTimeout(Duration.ofSeconds(5))
            .noReconnect()
            .errorListener(new ErrorListener() {})
            .build());
  }
}
