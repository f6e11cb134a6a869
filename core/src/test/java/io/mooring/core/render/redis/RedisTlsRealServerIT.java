package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.redis.RedisConnection;
import io.mooring.core.redis.RedisTlsClient;
import io.mooring.core.redis.RedisTlsReload;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.RedisTls;
import io.mooring.core.testing.RealBinaries;
import io.mooring.core.tls.CertificateAuthority;
import io.mooring.core.tls.ServerCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-replica Redis with {@code tls.enabled: true}, rendered and booted on real redis-server
 * and redis-sentinel processes (see {@link LoopbackRedisSet}), with the rendered redis.conf,
 * sentinel.conf and scripts. The certificate is issued by a CA made here for the app's names plus
 * the loopback addresses the processes run at, since the test has no cluster DNS; everything else
 * is the rendered TLS setup. The steps build on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisTlsRealServerIT {
  private static final int REPLICAS = 3;

  /** A guard against hanging, well above the rendered down-after (5 s) plus an election. */
  private static final Duration FAILOVER_PATIENCE = Duration.ofSeconds(60);

  private final Clock clock = Clock.systemUTC();
  private final RedisSpec spec = RedisTestSpecs.seedThreeReplicas().withTls(RedisTls.OWN_CA);
  private CertificateAuthority ca;
  private LoopbackRedisSet set;
  private DesiredState state;
  private String password;

  @BeforeAll
  void bootTheRenderedSetWithTls(@TempDir Path root) {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-sentinel", "redis-sentinel");
    RealBinaries.require("redis-cli", "redis-tools");
    ca = CertificateAuthority.create("default", clock);
    state = RedisRenderer.render(spec, RedisTestSpecs.OPTIONS, LiveSecrets.NONE, certificate());
    set = new LoopbackRedisSet(state, REPLICAS, root);
    password = set.password();
    set.startRedisPods(IntStream.range(0, REPLICAS).toArray());
    IntStream.range(0, RedisContext.SENTINELS).forEach(set::startSentinel);
  }

  @AfterAll
  void stopEverything() {
    if (set != null) {
      set.close();
    }
  }

  @Test
  @Order(1)
  void replicatesAndIsMonitoredOverTls() {
    await("the Sentinels name a master over TLS")
        .atMost(Duration.ofSeconds(60))
        .until(() -> !currentMaster().isEmpty());
    String master = currentMaster();
    assertThat(set.ordinalOf(master)).isZero();
    awaitReplicasUp();
    await("every Sentinel sees both replicas and the other Sentinels")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                IntStream.range(0, RedisContext.SENTINELS)
                    .allMatch(
                        i -> {
                          String view = sentinel(i, "SENTINEL", "MASTER", state.app().name());
                          return field(view, "num-slaves").equals("2")
                              && field(view, "num-other-sentinels").equals("2");
                        }));
    await("the master takes a write")
        .atMost(Duration.ofSeconds(10))
        .until(() -> set.cli(master, set.redisPort, "SET", "over-tls", "1").equals("OK"));
    assertThat(set.cli(master, set.redisPort, "WAIT", "2", "5000")).isEqualTo("2");
    assertThat(set.cli(LoopbackRedisSet.redisAddress(1), set.redisPort, "GET", "over-tls"))
        .isEqualTo("1");
    assertThat(RedisCli.infoField(info(1), "master_link_status")).isEqualTo("up");
  }

  @Test
  @Order(2)
  void redisCliWithTheCaWorksWhilePlaintextAndAnotherCaAreRefused() throws IOException {
    String master = currentMaster();
    assertThat(set.cli(master, set.redisPort, "PING")).isEqualTo("PONG");
    assertThat(set.cli(set.sentinelAddress(0), set.sentinelPort, "PING")).isEqualTo("PONG");

    // Redis listens on no plaintext port (port 0): a client without TLS gets no answer.
    assertThat(RedisCli.call(password, master, set.redisPort, "PING")).isNotEqualTo("PONG");
    assertThat(RedisCli.call(password, set.sentinelAddress(0), set.sentinelPort, "PING"))
        .isNotEqualTo("PONG");

    Path otherCa = set.tlsDirectory().resolveSibling("other-ca.crt");
    Files.writeString(otherCa, CertificateAuthority.create("elsewhere", clock).certificatePem());
    assertThat(
            RedisCli.call(
                List.of("--tls", "--cacert", otherCa.toString()),
                password,
                master,
                set.redisPort,
                "PING"))
        .as("a server is trusted only through the app's CA")
        .isNotEqualTo("PONG");
  }

  @Test
  @Order(3)
  void theExporterAndTheMasterProxySpeakTls() {
    RealBinaries.require("prometheus-redis-exporter", "prometheus-redis-exporter");
    String exporter = set.startExporter();
    await("the exporter reports the Sentinels over TLS")
        .atMost(Duration.ofSeconds(20))
        .until(() -> get(exporter + "/metrics").contains("redis_up 1"));
    String target = "rediss://" + LoopbackRedisSet.redisAddress(1) + ":" + set.redisPort;
    assertThat(get(exporter + "/scrape?target=" + target)).contains("redis_up 1");

    RealBinaries.require("haproxy", "haproxy");
    set.startMasterProxy();
    String proxy = LoopbackRedisSet.proxyAddress();
    await("the proxy's TLS checks find the master, and clients' TLS passes through")
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                IntStream.range(0, 6)
                    .allMatch(i -> set.cli(proxy, set.proxyPort, "ROLE").startsWith("master")));
    assertThat(set.cli(proxy, set.proxyPort, "SET", "through-proxy", "1")).isEqualTo("OK");
  }

  @Test
  @Order(4)
  void aKilledMasterIsFailedOverAndRejoinsOverTls() {
    int oldMaster = set.ordinalOf(currentMaster());
    set.killRedis(oldMaster);
    await("the Sentinels promote another pod over TLS")
        .atMost(FAILOVER_PATIENCE)
        .until(
            () -> {
              String master = currentMaster();
              return !master.isEmpty()
                  && !master.equals(LoopbackRedisSet.redisAddress(oldMaster))
                  && "master".equals(RedisCli.infoField(info(set.ordinalOf(master)), "role"));
            });
    String newMaster = currentMaster();
    assertThat(set.cli(newMaster, set.redisPort, "GET", "over-tls")).isEqualTo("1");

    set.startRedis(oldMaster);
    await("the old master follows the new one over TLS")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              String info = info(oldMaster);
              return "slave".equals(RedisCli.infoField(info, "role"))
                  && "up".equals(RedisCli.infoField(info, "master_link_status"));
            });
  }

  @Test
  @Order(5)
  void aRenewedCertificateIsServedAfterTheReloadWithoutARestart() throws IOException {
    List<String> pids = new ArrayList<>();
    List<BigInteger> before = new ArrayList<>();
    for (int i = 0; i < REPLICAS; i++) {
      pids.add(RedisCli.infoField(serverInfo(i), "process_id"));
      before.add(servedSerial(i));
    }
    ServerCertificate renewed = certificate();
    assertThat(before).doesNotContain(renewed.certificate().getSerialNumber());

    // The kubelet swaps the Secret volume's files at once; the servers keep serving the old ones.
    replaceAtomically(
        set.tlsDirectory().resolve(ServerCertificate.CERT_KEY), renewed.certificatePem());
    replaceAtomically(
        set.tlsDirectory().resolve(ServerCertificate.PRIVATE_KEY_KEY), renewed.privateKeyPem());
    assertThat(servedSerial(0)).isEqualTo(before.get(0));

    Secret renewedSecret = tlsSecret(renewed);
    RedisTlsReload reload =
        new RedisTlsReload(
            key -> liveObject(key, renewedSecret),
            names -> LoopbackRedisSet::redisAddress,
            "cluster.local",
            set.redisPort,
            Duration.ofSeconds(5));
    reload.reload(state.app(), REPLICAS);

    for (int i = 0; i < REPLICAS; i++) {
      assertThat(servedSerial(i))
          .as("pod %d serves the renewed certificate", i)
          .isEqualTo(renewed.certificate().getSerialNumber());
      assertThat(RedisCli.infoField(serverInfo(i), "process_id"))
          .as("pod %d was not restarted", i)
          .isEqualTo(pids.get(i));
    }
    String master = currentMaster();
    assertThat(set.cli(master, set.redisPort, "SET", "after-renewal", "1")).isEqualTo("OK");
    awaitReplicasUp();
    // Nothing left to reload: a second pass finds every server on the Secret's certificate.
    reload.reload(state.app(), REPLICAS);
  }

  /** The app's names and every loopback address the test runs a process at. */
  private ServerCertificate certificate() {
    List<String> names =
        new ArrayList<>(
            new RedisTlsModel(RedisContext.of(spec, RedisTestSpecs.OPTIONS)).serverNames());
    IntStream.rangeClosed(11, 19).forEach(i -> names.add("127.0.0." + i));
    IntStream.rangeClosed(21, 29).forEach(i -> names.add("127.0.0." + i));
    names.add(LoopbackRedisSet.exporterAddress());
    names.add(LoopbackRedisSet.proxyAddress());
    return ca.issue(names, clock, CertificateAuthority.SERVER_LIFETIME);
  }

  private Secret tlsSecret(ServerCertificate certificate) {
    Secret rendered = set.object(Secret.class, state.app().name() + "-redis-tls");
    return new SecretBuilder(rendered)
        .addToData(ServerCertificate.CERT_KEY, base64(certificate.certificatePem()))
        .addToData(ServerCertificate.PRIVATE_KEY_KEY, base64(certificate.privateKeyPem()))
        .build();
  }

  private HasMetadata liveObject(ObjectKey key, Secret renewedTls) {
    if (key.equals(ObjectKey.of(renewedTls))) {
      return renewedTls;
    }
    return state.objects().stream()
        .filter(o -> ObjectKey.of(o).equals(key))
        .findFirst()
        .orElse(null);
  }

  /** The serial of the certificate pod {@code ordinal} presents, seen by a verifying client. */
  private BigInteger servedSerial(int ordinal) {
    String caPem =
        new String(
            Base64.getDecoder()
                .decode(
                    set.object(Secret.class, state.app().name() + "-redis-tls")
                        .getData()
                        .get(ServerCertificate.CA_KEY)),
            StandardCharsets.UTF_8);
    try (RedisConnection connection =
        RedisConnection.open(
            LoopbackRedisSet.redisAddress(ordinal),
            set.redisPort,
            null,
            password,
            Duration.ofSeconds(5),
            Optional.of(RedisTlsClient.trusting(caPem)))) {
      return connection.servedCertificate().orElseThrow().getSerialNumber();
    }
  }

  private void awaitReplicasUp() {
    await("every replica's link to the master is up")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                IntStream.range(0, REPLICAS)
                        .filter(i -> "slave".equals(RedisCli.infoField(info(i), "role")))
                        .filter(i -> "up".equals(RedisCli.infoField(info(i), "master_link_status")))
                        .count()
                    == REPLICAS - 1);
  }

  private String currentMaster() {
    for (int i = 0; i < RedisContext.SENTINELS; i++) {
      String answer = sentinel(i, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", state.app().name());
      if (!answer.isEmpty() && !answer.contains(" ") && !answer.startsWith("ERR")) {
        return answer.lines().findFirst().orElseThrow();
      }
    }
    return "";
  }

  private String info(int ordinal) {
    return set.cli(LoopbackRedisSet.redisAddress(ordinal), set.redisPort, "INFO", "replication");
  }

  private String serverInfo(int ordinal) {
    return set.cli(LoopbackRedisSet.redisAddress(ordinal), set.redisPort, "INFO", "server");
  }

  private String sentinel(int index, String... command) {
    return set.cli(set.sentinelAddress(index), set.sentinelPort, command);
  }

  private static String field(String reply, String name) {
    List<String> lines = reply.lines().toList();
    int index = lines.indexOf(name);
    return index >= 0 && index + 1 < lines.size() ? lines.get(index + 1) : "";
  }

  private static void replaceAtomically(Path file, String text) {
    try {
      Path next = file.resolveSibling(file.getFileName() + ".next");
      Files.writeString(next, text, StandardCharsets.UTF_8);
      Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String get(String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
