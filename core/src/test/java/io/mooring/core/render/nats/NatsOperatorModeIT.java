package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mooring.core.nats.JetStreamPeers;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.NatsSpec;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.support.JwtUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator mode on three real nats-server processes (127.0.0.81–83) booted from the rendered files
 * only: the ConfigMap's nats.conf and the files it includes from the Secret mount. Spec users log
 * in with the creds files of their Secrets and write to an R3 stream; anyone else is refused; the
 * account JWTs are kept on the pods' volumes across a full restart; and a later render that adds
 * one user and removes another takes effect through a rolling restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NatsOperatorModeIT {
  private static final String STREAM = "LEDGER";
  private static final String SUBJECT = "ledger.entries";

  private NatsSpec spec;
  private NatsNames names;
  private LocalNatsPods pods;

  @BeforeAll
  void startThreePods(@TempDir Path workDir) {
    spec =
        NatsSpecs.builder("ledger")
            .replicas(3)
            .jetstream(true, "1Gi")
            // The password is ignored in operator mode (validate warns about it).
            .user("orders", "Orders-pw.1")
            .user("audit", null)
            .resolver(Map.of("type", "full", "dir", "/data/resolver"))
            .build();
    names = new NatsNames(spec.ref(), "cluster.local");
    DesiredState state = NatsRenderer.render(spec, RenderOptions.defaults());
    pods = new LocalNatsPods(spec, names, state, workDir, 81);
    pods.startAll();
  }

  @AfterAll
  void stopPods() throws InterruptedException {
    pods.close();
  }

  @Test
  @Order(1)
  void threePodsBootFromTheRenderedFilesAndTrustTheGeneratedOperator() {
    NatsClusterWaits.formed(pods, 3);
    String systemAccount = publicKey(operatorValue(NatsOperatorModel.SYSTEM_ACCOUNT_SEED));
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      JsonNode varz = pods.monitor(ordinal, "/varz");
      assertThat(varz.path("system_account").asText()).isEqualTo(systemAccount);
      assertThat(varz.path("trusted_operators_claim").get(0).path("sub").asText())
          .isEqualTo(publicKey(operatorValue(NatsOperatorModel.OPERATOR_SEED)));
    }
  }

  @Test
  @Order(2)
  void eachSpecUserConnectsWithItsCredsFileAndPublishesToAnR3Stream() throws Exception {
    try (Connection orders = connect(creds("orders"), 0)) {
      StreamInfo info =
          NatsStreams.create(
              orders,
              StreamConfiguration.builder()
                  .name(STREAM)
                  .subjects(SUBJECT)
                  .replicas(3)
                  .storageType(StorageType.File)
                  .build());
      assertThat(info.getConfiguration().getReplicas()).isEqualTo(3);
      assertThat(info.getClusterInfo().getReplicas()).hasSize(2);
      publish(orders.jetStream(), 5, 1);
    }
    try (Connection audit = connect(creds("audit"), 1)) {
      publish(audit.jetStream(), 5, 6);
      assertThat(messages(audit)).isEqualTo(10);
    }
  }

  @Test
  @Order(3)
  void aUserNotInTheSpecCannotConnect() throws Exception {
    assertRefused(() -> connect(foreignCreds(), 0));
    // The spec's password for orders is ignored: operator mode takes no passwords.
    assertRefused(() -> connect(new Options.Builder().userInfo("orders", "Orders-pw.1"), 0));
    assertRefused(() -> connect(new Options.Builder(), 0));
  }

  @Test
  @Order(4)
  void theAccountJwtSurvivesAFullRestart() throws Exception {
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      pods.stop(ordinal);
    }
    String appAccount = publicKey(operatorValue(NatsOperatorModel.APP_ACCOUNT_SEED));
    String appJwt = operatorValue(NatsOperatorModel.APP_ACCOUNT_JWT);
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      assertThat(storedJwt(ordinal, appAccount))
          .as("the app account JWT on pod %d's volume", ordinal)
          .isEqualTo(appJwt);
    }

    pods.startAll();
    NatsClusterWaits.formed(pods, 3);

    try (Connection orders = connect(creds("orders"), 2)) {
      assertThat(messages(orders)).isEqualTo(10);
      // The stream's group may still be electing its leader after the restart.
      await("a publish to orders after the full restart")
          .atMost(NatsClusterWaits.FORMATION)
          .ignoreExceptions()
          .untilAsserted(() -> publish(orders.jetStream(), 1, 11));
    }
  }

  @Test
  @Order(5)
  void aLaterRenderAddsAndRemovesUsersThroughARollingRestart() throws Exception {
    String auditCreds = creds("audit");
    String ordersCreds = creds("orders");
    String operatorSeed = operatorValue(NatsOperatorModel.OPERATOR_SEED);
    long issuedBefore = issuedAt(operatorValue(NatsOperatorModel.APP_ACCOUNT_JWT));

    NatsSpec next =
        NatsSpecs.builder("ledger")
            .replicas(3)
            .jetstream(true, "1Gi")
            .user("orders", null)
            .user("billing", null)
            .resolver(Map.of("type", "full", "dir", "/data/resolver"))
            .build();
    pods.apply(
        NatsRenderer.render(
            next, RenderOptions.defaults(), LiveSecrets.of(pods.state().objects())));

    assertThat(operatorValue(NatsOperatorModel.OPERATOR_SEED)).isEqualTo(operatorSeed);
    assertThat(creds("orders"))
        .as("a kept user's creds file does not change")
        .isEqualTo(ordersCreds);
    long issuedAfter = issuedAt(operatorValue(NatsOperatorModel.APP_ACCOUNT_JWT));
    assertThat(issuedAfter).isGreaterThan(issuedBefore);

    // One pod at a time, as the StatefulSet controller rolls them.
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      pods.stop(ordinal);
      pods.start(ordinal);
      NatsClusterWaits.healthy(pods, ordinal, 3);
    }

    try (Connection billing = connect(creds("billing"), 0)) {
      await("a publish by the added user")
          .atMost(NatsClusterWaits.FORMATION)
          .ignoreExceptions()
          .untilAsserted(() -> publish(billing.jetStream(), 1, 12));
    }
    try (Connection orders = connect(ordersCreds, 1)) {
      assertThat(messages(orders)).isEqualTo(12);
    }
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      int pod = ordinal;
      assertRefused(() -> connect(auditCreds, pod));
    }
  }

  @Test
  @Order(6)
  void theSystemUsersCredsFileLogsIntoTheSystemAccount() {
    byte[] systemCreds = operatorValue(NatsNames.SYSTEM_CREDS_KEY).getBytes(StandardCharsets.UTF_8);
    try (JetStreamPeers peers =
        JetStreamPeers.connectWithCreds(pods.clientUrl(0), systemCreds, Duration.ofSeconds(5))) {
      assertThat(peers.metaGroup())
          .containsExactlyInAnyOrder(names.pod(0), names.pod(1), names.pod(2));
    }
  }

  private String operatorValue(String key) {
    return pods.secretValue(names.operatorSecret(), key);
  }

  private String creds(String user) {
    return pods.secretValue(names.userSecret(user), NatsNames.USER_CREDS_KEY);
  }

  private String storedJwt(int ordinal, String account) throws IOException {
    return Files.readString(
        pods.podDir(ordinal).resolve("data/resolver").resolve(account + ".jwt"));
  }

  private static String publicKey(String seed) {
    return NatsNKeys.publicKey(NKey.fromSeed(seed.toCharArray()));
  }

  private static long issuedAt(String jwt) {
    return NatsJwt.payload(jwt).orElseThrow().path("iat").asLong();
  }

  /** Creds of a well-formed user whose account this operator never signed. */
  private static String foreignCreds() throws Exception {
    NKey account = NKey.createAccount(new SecureRandom());
    NKey user = NKey.createUser(new SecureRandom());
    String jwt =
        JwtUtils.issueUserJWT(
            account, new String(account.getPublicKey()), new String(user.getPublicKey()));
    return NatsJwt.creds(jwt, user);
  }

  private Connection connect(String creds, int ordinal) throws Exception {
    return connect(
        new Options.Builder()
            .authHandler(Nats.staticCredentials(creds.getBytes(StandardCharsets.UTF_8))),
        ordinal);
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

  private static void assertRefused(ThrowingConnect connect) {
    assertThatThrownBy(() -> connect.open().close())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Authorization Violation");
  }

  @FunctionalInterface
  private interface ThrowingConnect {
    Connection open() throws Exception;
  }

  private static void publish(JetStream jetStream, int count, long firstSequence) throws Exception {
    for (int i = 0; i < count; i++) {
      PublishAck ack = jetStream.publish(SUBJECT, ("entry " + i).getBytes(StandardCharsets.UTF_8));
      assertThat(ack.getStream()).isEqualTo(STREAM);
      assertThat(ack.getSeqno()).isEqualTo(firstSequence + i);
    }
  }

  private static long messages(Connection connection) throws Exception {
    return connection.jetStreamManagement().getStreamInfo(STREAM).getStreamState().getMsgCount();
  }
}
