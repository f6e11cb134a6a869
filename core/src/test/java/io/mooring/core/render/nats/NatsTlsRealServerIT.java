package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.nats.NatsAssetSync;
import io.mooring.core.nats.NatsPeerRemoval;
import io.mooring.core.reconcile.AssetSync;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.testing.RealBinaries;
import io.mooring.core.tls.CertificateAuthority;
import io.mooring.core.tls.NamespaceCa;
import io.mooring.core.tls.Pem;
import io.mooring.core.tls.RenewalRule;
import io.mooring.core.tls.ServerCertificate;
import io.mooring.core.tls.ServerNames;
import io.mooring.core.tls.ServerTlsSecrets;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
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
 * A TLS spec on three real nats-server processes (127.0.0.101–103), each with the files of the
 * rendered {@code <app>-nats-tls} Secret: routes form over verified TLS, a client that trusts the
 * CA of the rendered connection Secret connects and a plaintext one is refused, Mooring's own
 * JetStream calls trust the CA of the live certificate Secret, an R3 stream outlives a server, and
 * a renewed certificate written into the servers' TLS directories is served after the rendered
 * reload loop noticed it, without a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NatsTlsRealServerIT {
  private final Path natsServer = RealBinaries.require("nats-server", "nats-server");
  // Everything began 61 days ago, so that the live certificate is due for renewal now: a renewal
  // issued at a later instant than now would not be valid yet.
  private final Clock issuedAt =
      Clock.fixed(Instant.now().minus(Duration.ofDays(61)), ZoneOffset.UTC);
  private final CertificateAuthority ca = CertificateAuthority.create("default", issuedAt);
  private final List<Process> reloadLoops = new ArrayList<>();
  private NatsSpec spec;
  private NatsNames names;
  private LocalNatsPods pods;

  @BeforeAll
  void startThreePodsWithTls(@TempDir Path workDir) throws IOException {
    spec = NatsSpecs.builder("secure").replicas(3).jetstream(true, "1Gi").tls(true).build();
    names = new NatsNames(spec.ref(), "cluster.local");
    DesiredState first = NatsRenderer.render(spec, RenderOptions.defaults());
    pods = new LocalNatsPods(spec, names, first, workDir, 101);
    // The peers here dial each other at loopback addresses, which the pod names do not cover: the
    // live certificate names them too, and the render keeps it since it covers every name needed.
    ServerTlsSecrets.Files live =
        ServerTlsSecrets.files(
            LiveSecrets.NONE, names.tlsSecret(), ca, namesWithLoopback(), issuedAt);
    DesiredState state =
        NatsRenderer.render(
            spec,
            RenderOptions.defaults().withClock(issuedAt),
            LiveSecrets.of(
                List.of(
                    NamespaceCa.secret(ca, spec.ref().namespace()),
                    ServerTlsSecrets.secret(
                        names.tlsSecret(), spec.ref().namespace(), Map.of(), live))));
    assertThat(LocalNatsPods.secretValueIn(state, names.tlsSecret(), ServerCertificate.CERT_KEY))
        .as("the render keeps the live certificate")
        .isEqualTo(live.certificatePem());
    pods.apply(state);
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      pods.writeTlsFiles(ordinal);
    }
    pods.startAll();
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      reloadLoops.add(startReloadLoop(ordinal));
    }
    NatsClusterWaits.formed(pods, 3);
  }

  @AfterAll
  void stopPods() throws InterruptedException {
    for (Process loop : reloadLoops) {
      loop.destroy();
      loop.waitFor(5, TimeUnit.SECONDS);
    }
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
  void mooringsOwnJetStreamCallsTrustTheCaOfTheLiveSecret() {
    Function<ObjectKey, HasMetadata> live =
        key ->
            pods.state().objects().stream()
                .filter(o -> ObjectKey.of(o).equals(key))
                .findFirst()
                .orElse(null);
    Function<AppRef, String> url = app -> pods.clientUrl(0);

    AssetSync assets = new NatsAssetSync(live, url, Duration.ofSeconds(10)).sync(spec, false);
    new NatsPeerRemoval(live, url, Duration.ofSeconds(10))
        .serversLeft(spec.ref(), List.of(names.pod(9)));

    assertThat(assets.refused()).isEmpty();
  }

  @Test
  @Order(4)
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
  @Order(5)
  void aRenewedCertificateIsServedOnceTheReloadLoopNoticedItWithoutARestart() throws Exception {
    BigInteger before = servedSerial(0);
    long[] pids = {pods.process(0).pid(), pods.process(1).pid()};
    assertThat(RenewalRule.renewAt(Pem.certificate(tlsValue(ServerCertificate.CERT_KEY))))
        .isBefore(Instant.now());

    DesiredState renewed =
        NatsRenderer.render(
            spec, RenderOptions.defaults(), LiveSecrets.of(withCa(pods.state().objects())));
    pods.apply(renewed);
    BigInteger serial = Pem.certificate(tlsValue(ServerCertificate.CERT_KEY)).getSerialNumber();
    assertThat(serial).isNotEqualTo(before);
    // The kubelet rewrites the mounted Secret in the two running pods (the third is down).
    pods.writeTlsFiles(0);
    pods.writeTlsFiles(1);

    for (int ordinal = 0; ordinal < 2; ordinal++) {
      int server = ordinal;
      await("server " + server + " serves the renewed certificate")
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptionsInstanceOf(IOException.class)
          .until(() -> serial.equals(servedSerial(server)));
      assertThat(pods.process(server).isAlive()).isTrue();
      assertThat(pods.process(server).pid()).isEqualTo(pids[server]);
    }
  }

  /** The CA's Secret carries no app label: the reconciler adds it to what a render reads. */
  private List<HasMetadata> withCa(List<HasMetadata> objects) {
    List<HasMetadata> all = new ArrayList<>(objects);
    all.add(NamespaceCa.secret(ca, spec.ref().namespace()));
    return all;
  }

  private String tlsValue(String key) {
    return pods.secretValue(names.tlsSecret(), key);
  }

  private BigInteger servedSerial(int ordinal) throws Exception {
    AtomicReference<X509Certificate> served = new AtomicReference<>();
    try (Connection ignored = connectTls(ordinal, served)) {
      return served.get().getSerialNumber();
    }
  }

  private List<String> namesWithLoopback() {
    List<String> sans =
        new ArrayList<>(
            ServerNames.forStatefulSet(
                names.statefulSet(),
                spec.replicas(),
                names.headlessService(),
                List.of(names.clientService()),
                spec.ref().namespace(),
                "cluster.local"));
    for (int ordinal = 0; ordinal < spec.replicas(); ordinal++) {
      sans.add(pods.address(ordinal));
    }
    return sans;
  }

  /** The rendered reload loop over the pod's TLS directory and pid file, looking every second. */
  private Process startReloadLoop(int ordinal) throws IOException {
    String loop =
        NatsTlsReload.loop(
            natsServer.toString(),
            pods.tlsDir(ordinal).toString(),
            pods.podDir(ordinal).resolve("nats.pid").toString(),
            1);
    return new ProcessBuilder("/bin/sh", "-c", loop)
        .redirectErrorStream(true)
        .redirectOutput(pods.podDir(ordinal).resolve("reload.log").toFile())
        .start();
  }

  /** A client trusting only the CA; {@code served} receives the certificate the server showed. */
  private Connection connectTls(int ordinal, AtomicReference<X509Certificate> served)
      throws IOException, InterruptedException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    // What an application gets: the CA of the rendered connection Secret.
    trust.setCertificateEntry(
        "ca", Pem.certificate(pods.secretValue(spec.connectionSecret().name(), "NATS_CA_CERT")));
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
