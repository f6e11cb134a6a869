package io.mooring.core.render.rediscluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.reconcile.ClusterSettlement;
import io.mooring.core.reconcile.RedisClusterShape;
import io.mooring.core.redis.RedisAclSync;
import io.mooring.core.redis.RedisConnection;
import io.mooring.core.redis.RedisTlsClient;
import io.mooring.core.redis.RedisTlsReload;
import io.mooring.core.rediscluster.ClusterListener;
import io.mooring.core.rediscluster.InMemoryProgressStore;
import io.mooring.core.rediscluster.LettuceNodeCommands;
import io.mooring.core.rediscluster.NodeAddress;
import io.mooring.core.rediscluster.RedisClusterOrchestration;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.redis.RedisCli;
import io.mooring.core.spec.RedisAclUser;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisTls;
import io.mooring.core.spec.SecretKeyRef;
import io.mooring.core.testing.RealBinaries;
import io.mooring.core.tls.CertificateAuthority;
import io.mooring.core.tls.ServerCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * A RedisCluster with {@code tls.enabled: true} and two ACL users (three masters, one replica
 * each), booted from the rendered objects on real redis-server processes (see {@link
 * LoopbackRedisCluster}) and arranged by Mooring's own cluster orchestration over TLS. The
 * certificate is issued by a CA made here for the cluster's names plus the loopback addresses the
 * nodes run at, since the test has no cluster DNS; everything else is the rendered setup. The steps
 * build on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterTlsAndUsersIT {
  private static final String APP_PASSWORD = "app-user-password-from-its-own-secret";
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final Clock clock = Clock.systemUTC();
  private final RedisClusterSpec spec =
      RedisClusterTestSpecs.spec("shop", 3, 1, true)
          .withTls(RedisTls.OWN_CA)
          .withAclUsers(
              List.of(
                  new RedisAclUser(
                      "app",
                      "~app:* +@read +@write -@dangerous",
                      Optional.of(new SecretKeyRef("app-redis", "password"))),
                  new RedisAclUser("reader", "~reports:* +@read", Optional.empty())));
  private CertificateAuthority ca;
  private DesiredState state;
  private LoopbackRedisCluster cluster;

  @BeforeAll
  void bootTheRenderedClusterAndLetMooringArrangeItOverTls(@TempDir Path root) {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-cli", "redis-tools");
    ca = CertificateAuthority.create("default", clock);
    state =
        RedisClusterRenderer.render(
            spec, RedisClusterTestSpecs.OPTIONS, LiveSecrets.NONE, certificate());
    cluster = new LoopbackRedisCluster(state, spec, root, List.of(appSecret()));
    cluster.startAll();

    RedisClusterOrchestration orchestration =
        new RedisClusterOrchestration(
            (app, shard, ordinal) ->
                new NodeAddress(cluster.address(node(shard, ordinal)), cluster.port),
            app -> cluster.password().toCharArray(),
            (app, password) ->
                new LettuceNodeCommands(
                    password, Duration.ofSeconds(5), Optional.of(ca.certificatePem())),
            new InMemoryProgressStore(),
            new ClusterListener() {},
            Duration.ofSeconds(30),
            Duration.ofMillis(100));
    RedisClusterShape shape = new RedisClusterShape(3, 1, List.of(2, 2, 2));
    await("Mooring's orchestration settles the cluster over TLS")
        .atMost(PATIENCE)
        .until(
            () -> {
              ClusterSettlement settlement = orchestration.podsReady(state.app(), shape);
              System.out.printf("%s: %s%n", settlement.state(), settlement.line());
              return settlement.state() == ClusterSettlement.State.SETTLED;
            });
  }

  @AfterAll
  void stopEveryNode() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void everySlotIsServedTheBusRunsOverTlsAndPlaintextIsRefused() {
    for (int node = 0; node < cluster.nodeCount(); node++) {
      String info = cluster.call(node, "CLUSTER", "INFO");
      assertThat(info).contains("cluster_state:ok").contains("cluster_slots_assigned:16384");
      assertThat(cluster.call(node, "CONFIG", "GET", "tls-cluster")).endsWith("yes");
      assertThat(cluster.call(node, "CLUSTER", "NODES").lines())
          .hasSize(6)
          .allSatisfy(line -> assertThat(line).contains(" connected").doesNotContain("fail"));
      assertThat(RedisCli.call(cluster.password(), cluster.address(node), cluster.port, "PING"))
          .as("node %d without TLS", node)
          .isNotEqualTo("PONG");
    }
  }

  @Test
  @Order(2)
  void aClusterClientOverTlsWritesAndReadsKeysOnEveryShard() {
    Map<String, String> written = new HashMap<>();
    TlsClusterClient.with(
        cluster,
        ca.certificatePem(),
        connection -> {
          for (int i = 0; i < 100; i++) {
            assertThat(connection.sync().set("key:" + i, "v" + i)).isEqualTo("OK");
            written.put("key:" + i, "v" + i);
          }
          written.forEach((key, value) -> assertThat(connection.sync().get(key)).isEqualTo(value));
        });
    for (int shard = 0; shard < 3; shard++) {
      assertThat(Long.parseLong(cluster.call(node(shard, 0), "DBSIZE")))
          .as("shard %d holds some of the keys", shard)
          .isPositive();
    }
  }

  @Test
  @Order(3)
  void eachUserMayDoWhatItsRulesAllowAndIsRefusedTheRestOnEveryNode() {
    String reader = userPassword("reader");
    for (int node = 0; node < cluster.nodeCount(); node++) {
      // The ACL check comes before the slot check: an allowed key answers OK or MOVED.
      assertAllowed(cluster.callAs(node, "app", APP_PASSWORD, "SET", "app:k", "1"), node);
      assertThat(cluster.callAs(node, "app", APP_PASSWORD, "SET", "other:k", "1"))
          .startsWith("NOPERM");
      assertThat(cluster.callAs(node, "app", APP_PASSWORD, "FLUSHALL")).startsWith("NOPERM");
      assertAllowed(cluster.callAs(node, "reader", reader, "GET", "reports:k"), node);
      assertThat(cluster.callAs(node, "reader", reader, "SET", "reports:k", "1"))
          .startsWith("NOPERM");
      assertThat(cluster.callAs(node, "reader", "not-its-password", "PING")).contains("WRONGPASS");
    }
  }

  @Test
  @Order(4)
  void changedRulesAndARemovedUserReachEveryNodeLiveOverTls() {
    List<RedisAclSync.Server> servers =
        IntStream.range(0, cluster.nodeCount())
            .mapToObj(n -> new RedisAclSync.Server("node-" + n, cluster.address(n), cluster.port))
            .toList();
    new RedisAclSync(
            null,
            cluster.password(),
            Duration.ofSeconds(5),
            Optional.of(RedisTlsClient.trusting(ca.certificatePem())))
        .apply(
            servers,
            List.of(
                new RedisAclSync.User(
                    "reader", "~reports:* +@read +set", List.of(userPassword("reader")))));

    for (int node = 0; node < cluster.nodeCount(); node++) {
      assertAllowed(
          cluster.callAs(node, "reader", userPassword("reader"), "SET", "reports:k", "1"), node);
      assertThat(cluster.callAs(node, "app", APP_PASSWORD, "PING"))
          .as("the user the spec no longer has is gone from node %d", node)
          .contains("WRONGPASS");
    }
  }

  @Test
  @Order(5)
  void aReplicaTakesOverItsShardByFailoverOverTlsAndTheKeysStay() {
    int master = node(0, 0);
    int replica = node(0, 1);
    await("the replica is in sync with its master over TLS")
        .atMost(PATIENCE)
        .until(
            () ->
                RedisCli.infoField(
                        cluster.call(replica, "INFO", "replication"), "master_link_status")
                    .equals("up"));

    requestFailoverUntilItTakes(replica);

    await("the replica is master and the old master follows it over TLS")
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(cluster.call(replica, "ROLE")).startsWith("master");
              String info = cluster.call(master, "INFO", "replication");
              assertThat(RedisCli.infoField(info, "role")).isEqualTo("slave");
              assertThat(RedisCli.infoField(info, "master_link_status")).isEqualTo("up");
            });
    await("every node agrees and the cluster is ok")
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (int node = 0; node < cluster.nodeCount(); node++) {
                assertThat(cluster.call(node, "CLUSTER", "INFO")).contains("cluster_state:ok");
              }
            });
    TlsClusterClient.with(
        cluster,
        ca.certificatePem(),
        connection -> {
          for (int i = 0; i < 100; i++) {
            assertThat(connection.sync().get("key:" + i)).isEqualTo("v" + i);
          }
          assertThat(connection.sync().set("after-failover", "1")).isEqualTo("OK");
        });
  }

  @Test
  @Order(6)
  void aRenewedCertificateIsServedByEveryNodeAfterTheReloadWithoutARestart() {
    List<String> pids = new ArrayList<>();
    for (int node = 0; node < cluster.nodeCount(); node++) {
      pids.add(RedisCli.infoField(cluster.call(node, "INFO", "server"), "process_id"));
    }
    ServerCertificate renewed = certificate();
    replaceAtomically(
        cluster.tlsDirectory().resolve(ServerCertificate.CERT_KEY), renewed.certificatePem());
    replaceAtomically(
        cluster.tlsDirectory().resolve(ServerCertificate.PRIVATE_KEY_KEY), renewed.privateKeyPem());
    BigInteger serial = renewed.certificate().getSerialNumber();
    assertThat(servedSerial(0)).isNotEqualTo(serial);

    Secret renewedSecret = renewedTlsSecret(renewed);
    new RedisTlsReload(
            key -> liveObject(key, renewedSecret),
            names -> ordinal -> "unused",
            "cluster.local",
            cluster.port,
            Duration.ofSeconds(5))
        .withClusterNodesAt(names -> (shard, ordinal) -> cluster.address(node(shard, ordinal)))
        .reloadCluster(state.app(), 3, 2);

    for (int node = 0; node < cluster.nodeCount(); node++) {
      assertThat(servedSerial(node))
          .as("node %d serves the renewed certificate", node)
          .isEqualTo(serial);
      assertThat(RedisCli.infoField(cluster.call(node, "INFO", "server"), "process_id"))
          .as("node %d was not restarted", node)
          .isEqualTo(pids.get(node));
      assertThat(cluster.call(node, "CLUSTER", "INFO")).contains("cluster_state:ok");
    }
  }

  private static int node(int shard, int ordinal) {
    return shard * 2 + ordinal;
  }

  private static void assertAllowed(String reply, int node) {
    assertThat(reply)
        .as("node %d", node)
        .doesNotContain("NOPERM")
        .doesNotContain("WRONGPASS")
        .satisfiesAnyOf(r -> assertThat(r).isIn("OK", ""), r -> assertThat(r).startsWith("MOVED"));
  }

  /** The cluster's names and every loopback address a node may run at. */
  private ServerCertificate certificate() {
    List<String> names =
        new ArrayList<>(
            new RedisClusterTlsModel(RedisClusterContext.of(spec, RedisClusterTestSpecs.OPTIONS))
                .serverNames());
    IntStream.range(0, spec.nodes())
        .forEach(
            n -> {
              names.add("127.0.0." + (60 + n));
              names.add("127.0.0." + (160 + n));
            });
    return ca.issue(names, clock, CertificateAuthority.SERVER_LIFETIME);
  }

  /** The user's own Secret, which the spec names and Mooring does not render. */
  private static Secret appSecret() {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("app-redis")
        .endMetadata()
        .withData(Map.of("password", base64(APP_PASSWORD)))
        .build();
  }

  private String userPassword(String user) {
    Secret secret =
        state.objects().stream()
            .filter(Secret.class::isInstance)
            .map(Secret.class::cast)
            .filter(s -> s.getMetadata().getName().equals("shop-cluster-user-" + user))
            .findFirst()
            .orElseThrow();
    return new String(
        Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8);
  }

  private BigInteger servedSerial(int node) {
    try (RedisConnection connection =
        RedisConnection.open(
            cluster.address(node),
            cluster.port,
            null,
            cluster.password(),
            Duration.ofSeconds(5),
            Optional.of(RedisTlsClient.trusting(ca.certificatePem())))) {
      return connection.servedCertificate().orElseThrow().getSerialNumber();
    }
  }

  private Secret renewedTlsSecret(ServerCertificate certificate) {
    Secret rendered =
        state.objects().stream()
            .filter(Secret.class::isInstance)
            .map(Secret.class::cast)
            .filter(s -> s.getMetadata().getName().equals("shop-cluster-tls"))
            .findFirst()
            .orElseThrow();
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

  /** As the kubelet swaps a Secret volume's files: a rename, never a half-written file. */
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

  /**
   * {@code CLUSTER FAILOVER} on {@code replica}, asked again while it does not take: the replica
   * abandons a manual failover the masters did not vote for within Redis's own manual-failover
   * timeout (5 s) and never retries it by itself, so an operator asks again.
   */
  private void requestFailoverUntilItTakes(int replica) {
    for (int attempt = 1; ; attempt++) {
      assertThat(cluster.call(replica, "CLUSTER", "FAILOVER")).isEqualTo("OK");
      try {
        await("the replica is master after failover request " + attempt)
            .atMost(Duration.ofSeconds(15))
            .until(() -> cluster.call(replica, "ROLE").startsWith("master"));
        return;
      } catch (org.awaitility.core.ConditionTimeoutException abandoned) {
        if (attempt == 4) {
          throw abandoned;
        }
      }
    }
  }
}
