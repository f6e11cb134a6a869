package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.testing.RealBinaries;
import io.mooring.core.tls.CertificateAuthority;
import io.mooring.core.tls.ServerCertificate;
import io.mooring.core.tls.ServerNames;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS spec on three real nats-server processes (127.0.0.101–103), each with a certificate from
 * the namespace CA: routes form over verified TLS, a client that trusts the CA connects and a
 * plaintext one is refused, an R3 stream outlives a server, and a renewed certificate is served
 * after a config reload without a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NatsTlsRealServerIT {
  private final Path natsServer = RealBinaries.require("nats-server", "nats-server");
  private final CertificateAuthority ca = CertificateAuthority.create("default", Clock.systemUTC());
  private NatsSpec spec;
  private NatsNames names;
  private LocalNatsPods pods;

  @BeforeAll
  void startThreePodsWithTls(@TempDir Path workDir) throws IOException {
    spec = NatsSpecs.builder("secure").replicas(3).jetstream(true, "1Gi").tls(true).build();
    names = new NatsNames(spec.ref(), "cluster.local");
    DesiredState state = NatsRenderer.render(spec, RenderOptions.defaults());
    pods = new LocalNatsPods(spec, names, state, workDir, 101);
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      writeCertificate(ordinal);
    }
    pods.startAll();
    NatsClusterWaits.formed(pods, 3);
  }

  @AfterAll
  void stopPods() throws InterruptedException {
    pods.close();
  }

  @Test
  @Order(1)
  void routesRunOverVerifiedTls() throws IOException {
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      String conf = Files.readString(pods.writeConfig(ordinal));
      assertThat(conf).contains("verify: true");
      assertThat(pods.monitor(ordinal, "/routez").get("num_routes").asInt()).isEqualTo(2);
    }
  }

  @Test
  @Order(2)
  void aClientTrustingTheCaConnectsAndAPlaintextClientIsRefused() throws Exception {
    try (Connection client = connectTls(0, new AtomicReference<>())) {
      assertThat(client.getStatus()).isEqualTo(Connection.Status.CONNECTED);
    }
    List<Exception> refusals = new CopyOnWriteArrayList<>();
    Options plaintext =
        new Options.Builder()
            .server(pods.clientUrl(0))
            .connectionTimeout(Duration.ofSeconds(5))
            .maxReconnects(0)
            .errorListener(
                new ErrorListener() {
                  @Override
                  public void exceptionOccurred(Connection conn, Exception exp) {
                    refusals.add(exp);
                  }
                })
            .build();
    assertThatThrownBy(() -> Nats.connect(plaintext).close()).isInstanceOf(IOException.class);
    assertThat(refusals)
        .anySatisfy(e -> assertThat(e).hasStackTraceContaining("SSL required by server"));
  }

  @Test
  @Order(3)
  void anR3StreamSurvivesTheLossOfOneServer() throws Exception {
    try (Connection client = connectTls(0, new AtomicReference<>())) {
      client
          .jetStreamManagement()
          .addStream(
              StreamConfiguration.builder()
                  .name("SECURE")
                  .subjects("secure.>")
                  .replicas(3)
                  .storageType(StorageType.File)
                  .build());
      client.jetStream().publish("secure.a", "one".getBytes(StandardCharsets.UTF_8));
      pods.stop(2);
      await("the stream takes writes with two of three servers")
          .atMost(NatsClusterWaits.FORMATION)
          .ignoreExceptionsInstanceOf(IOException.class)
          .ignoreExceptionsInstanceOf(JetStreamApiException.class)
          .until(
              () ->
                  client
                          .jetStream()
                          .publish("secure.b", "two".getBytes(StandardCharsets.UTF_8))
                          .getSeqno()
                      == 2);
      assertThat(
              client.jetStreamManagement().getStreamInfo("SECURE").getStreamState().getMsgCount())
          .isEqualTo(2);
    }
  }

  @Test
  @Order(4)
  void aRenewedCertificateIsServedAfterAReloadWithoutARestart() throws Exception {
    AtomicReference<X509Certificate> served = new AtomicReference<>();
    try (Connection ignored = connectTls(0, served)) {
      assertThat(served.get()).isNotNull();
    }
    BigInteger before = served.get().getSerialNumber();
    long pid = pods.process(0).pid();

    BigInteger renewed = writeCertificate(0).certificate().getSerialNumber();
    reload(0);

    await("the renewed certificate served")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(
            () -> {
              AtomicReference<X509Certificate> now = new AtomicReference<>();
              try (Connection ignored = connectTls(0, now)) {
                return renewed.equals(now.get().getSerialNumber());
              }
            });
    assertThat(renewed).isNotEqualTo(before);
    assertThat(pods.process(0).isAlive()).isTrue();
    assertThat(pods.process(0).pid()).isEqualTo(pid);
  }

  /** Issues the ordinal's certificate from the CA and writes it where its nats.conf reads it. */
  private ServerCertificate writeCertificate(int ordinal) throws IOException {
    List<String> sans =
        new ArrayList<>(
            ServerNames.forStatefulSet(
                names.statefulSet(),
                spec.replicas(),
                names.headlessService(),
                List.of(names.clientService()),
                spec.ref().namespace(),
                "cluster.local"));
    // The peers and clients here reach each server at its loopback address.
    sans.add(pods.address(ordinal));
    ServerCertificate cert =
        ca.issue(sans, Clock.systemUTC(), CertificateAuthority.SERVER_LIFETIME);
    Path dir = pods.tlsDir(ordinal);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(ServerCertificate.CERT_KEY), cert.certificatePem());
    Files.writeString(dir.resolve(ServerCertificate.PRIVATE_KEY_KEY), cert.privateKeyPem());
    Files.writeString(dir.resolve(ServerCertificate.CA_KEY), cert.caPem());
    return cert;
  }

  private void reload(int ordinal) throws IOException, InterruptedException {
    Process signal =
        new ProcessBuilder(
                natsServer.toString(),
                "--signal",
                "reload=" + pods.podDir(ordinal).resolve("nats.pid"))
            .redirectErrorStream(true)
            .start();
    assertThat(signal.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(signal.exitValue()).isZero();
  }

  /** A client trusting only the CA; {@code served} receives the certificate the server showed. */
  private Connection connectTls(int ordinal, AtomicReference<X509Certificate> served)
      throws IOException, InterruptedException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    X509TrustManager checked = (X509TrustManager) factory.getTrustManagers()[0];
    X509TrustManager recording =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType)
              throws CertificateException {
            checked.checkClientTrusted(chain, authType);
          }

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType)
              throws CertificateException {
            checked.checkServerTrusted(chain, authType);
            served.set(chain[0]);
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return checked.getAcceptedIssuers();
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {recording}, null);
    Options options =
        new Options.Builder()
            .server(pods.clientUrl(ordinal).replace("nats://", "tls://"))
            .sslContext(context)
            .connectionTimeout(Duration.ofSeconds(5))
            .maxReconnects(0)
            .build();
    return Nats.connect(options);
  }
}
