package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.testing.RealBinaries;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * The seed's three-replica Redis, rendered and booted on real Debian redis-server and
 * redis-sentinel processes (see {@link LoopbackRedisSet}). The steps build on each other: the set
 * that failed over is the one restarted. Sentinel timing is the rendered one (down-after 5000 ms).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisRealServerIT {
  private static final int REPLICAS = 3;

  /**
   * How long the Sentinels may take to promote another pod before the test fails: a guard against
   * hanging, well above the rendered down-after (5 s) plus an election, not a measured bound.
   */
  private static final Duration FAILOVER_PATIENCE = Duration.ofSeconds(60);

  private LoopbackRedisSet set;
  private DesiredState state;
  private String password;
  private final List<String> acknowledged = new ArrayList<>();

  @BeforeAll
  void bootTheRenderedSet(@TempDir Path root) {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-sentinel", "redis-sentinel");
    RealBinaries.require("redis-cli", "redis-tools");
    state = RedisRenderer.render(RedisTestSpecs.seedThreeReplicas(), RedisTestSpecs.OPTIONS);
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
  void comesUpWithOneMasterItsReplicasAndAgreeingSentinels() {
    await("the Sentinels name a master")
        .atMost(Duration.ofSeconds(60))
        .until(() -> !currentMaster().isEmpty());
    awaitQuorumOn(currentMaster());
    int master = set.ordinalOf(currentMaster());
    assertThat(master).as("a brand-new set starts with ordinal 0 as master").isZero();
    assertThat(roles()).containsExactly("master", "slave", "slave");
    assertThat(RedisCli.infoField(info(master), "connected_slaves"))
        .isEqualTo(Integer.toString(REPLICAS - 1));
    for (int i = 0; i < RedisContext.SENTINELS; i++) {
      assertThat(sentinel(i, "SENTINEL", "CKQUORUM", masterName()))
          .startsWith("OK 3 usable Sentinels");
    }
  }

  @Test
  @Order(2)
  void servesTheSecretsPasswordRefusesAWrongOneAndIsExported() throws Exception {
    String master = currentMaster();
    // Right after the initial sync a replica is "good" only once its first ACK arrived (within 1
    // s).
    await("the master takes a write with the Secret's password")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                RedisCli.call(password, master, set.redisPort, "SET", "auth-check", "1")
                    .equals("OK"));
    assertThat(RedisCli.call("wrong-" + password, master, set.redisPort, "GET", "auth-check"))
        .contains("WRONGPASS");
    assertThat(RedisCli.call(null, master, set.redisPort, "GET", "auth-check")).contains("NOAUTH");
    assertThat(RedisCli.call("wrong-" + password, set.sentinelAddress(0), set.sentinelPort, "PING"))
        .contains("WRONGPASS");

    RealBinaries.require("prometheus-redis-exporter", "prometheus-redis-exporter");
    String exporter = set.startExporter();
    await("the exporter serves /health")
        .atMost(Duration.ofSeconds(15))
        .until(() -> get(exporter + "/health").contains("ok"));
    String sentinelMetrics = get(exporter + "/metrics");
    assertThat(sentinelMetrics)
        .contains("redis_up 1")
        .contains("redis_sentinel_master_status{master_address=");
    String targets =
        set.object(Service.class, state.app().name() + "-redis-exporter")
            .getMetadata()
            .getAnnotations()
            .get(RedisExporterModel.SCRAPE_TARGETS_ANNOTATION);
    for (String target : targets.split(",", -1)) {
      String scraped = get(exporter + "/scrape?target=" + set.ports(set.mapNames(target)));
      assertThat(scraped).as("metrics of %s", target).contains("redis_up 1");
    }
  }

  @Test
  @Order(3)
  void killingTheMasterElectsANewOneAndTheOldOneRejoinsAsReplica() {
    RealBinaries.require("haproxy", "haproxy");
    set.startMasterProxy();
    awaitProxyReachesMaster();
    int oldMaster = set.ordinalOf(currentMaster());
    writeAcknowledged(50);
    set.killRedis(oldMaster);
    awaitFailoverAwayFrom(oldMaster);
    // external: true: the LoadBalancer's proxy follows the failover by itself.
    awaitProxyReachesMaster();

    writeAcknowledged(50);
    set.startRedis(oldMaster);
    await("the old master follows the new one")
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              String info = info(oldMaster);
              return "slave".equals(RedisCli.infoField(info, "role"))
                  && "up".equals(RedisCli.infoField(info, "master_link_status"));
            });
    assertThat(RedisCli.infoField(info(oldMaster), "master_host")).isEqualTo(currentMaster());
    assertEveryAcknowledgedWriteOn(oldMaster);
  }

  @Test
  @Order(4)
  void aStoppingMasterHandsOverToAReplicaInItsPreStop() {
    int master = set.ordinalOf(currentMaster());
    writeAcknowledged(20);
    set.stopRedisGracefully(master);
    assertThat(currentMaster()).isNotEqualTo(LoopbackRedisSet.redisAddress(master)).isNotEmpty();
    assertThat(lastLine(set.redisLog(master), "mooring: "))
        .contains("asked the Sentinels to fail over");

    set.startRedis(master);
    await("the stopped master follows the new one")
        .atMost(Duration.ofSeconds(20))
        .until(() -> "up".equals(RedisCli.infoField(info(master), "master_link_status")));
    assertEveryAcknowledgedWriteOn(master);
  }

  @Test
  @Order(5)
  void aMasterBackWithAnEmptyVolumeDoesNotWipeItsReplicas() {
    int master = set.ordinalOf(currentMaster());
    writeAcknowledged(20);
    set.killRedis(master);
    set.wipeRedisVolume(master);
    // Back before down-after-milliseconds: the Sentinels still name it master.
    set.startRedis(master);
    assertThat(set.redisLog(master))
        .contains("data volume is empty; asking them to promote a replica");
    assertThat(currentMaster()).isNotEqualTo(LoopbackRedisSet.redisAddress(master));
    await("the emptied pod resyncs from the new master")
        .atMost(Duration.ofSeconds(30))
        .until(() -> "up".equals(RedisCli.infoField(info(master), "master_link_status")));
    for (int i = 0; i < REPLICAS; i++) {
      assertEveryAcknowledgedWriteOn(i);
    }
  }

  @Test
  @Order(6)
  void aReplacedSentinelIsForgottenByItsPeers() {
    set.replaceSentinel(0);
    // Without the reset the two old Sentinels would count the departed one forever (3 others each).
    await("the replacement Sentinel is known to its peers")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                IntStream.range(1, RedisContext.SENTINELS)
                    .allMatch(
                        i ->
                            sentinel(i, "SENTINEL", "SENTINELS", masterName())
                                .contains(set.sentinelAddress(0))));
    awaitQuorumOn(currentMaster());
    assertThat(set.sentinelLogs())
        .contains("remembers 3 other Sentinels instead of 2; resetting it");
  }

  @Test
  @Order(7)
  void aFullRestartAfterAFailoverKeepsEveryAcknowledgedWrite() {
    int staleMaster = set.ordinalOf(currentMaster());
    set.killRedis(staleMaster);
    awaitFailoverAwayFrom(staleMaster);
    // Written after the failover: the stale master never saw these, so promoting it would lose
    // them.
    writeAcknowledged(50);

    IntStream.range(0, RedisContext.SENTINELS).forEach(set::killSentinel);
    IntStream.range(0, REPLICAS).forEach(set::killRedis);
    // Every pod comes back at once, the stale master included, with whatever each persisted.
    set.startRedisPods(IntStream.range(0, REPLICAS).toArray());
    IntStream.range(0, RedisContext.SENTINELS).forEach(set::startSentinel);

    await("one master again")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                roles().stream().filter("master"::equals).count() == 1
                    && !currentMaster().isEmpty());
    String master = currentMaster();
    // The stale node did come back believing it was master, and the Sentinels' survey overruled it.
    assertThat(lastLine(set.redisLog(staleMaster), "mooring: "))
        .contains("starts as master, decided by the role");
    assertThat(set.sentinelLogs()).contains("also claims to be master; making it a replica");
    assertThat(set.ordinalOf(master))
        .as("the stale master was not promoted")
        .isNotEqualTo(staleMaster);
    awaitQuorumOn(master);
    for (int i = 0; i < REPLICAS; i++) {
      int ordinal = i;
      if (ordinal != set.ordinalOf(master)) {
        await("pod " + ordinal + " replicates the master")
            .atMost(Duration.ofSeconds(30))
            .until(() -> "up".equals(RedisCli.infoField(info(ordinal), "master_link_status")));
      }
      assertEveryAcknowledgedWriteOn(ordinal);
    }
    System.out.printf(
        "after a full restart all %d acknowledged writes are on all %d pods%n",
        acknowledged.size(), REPLICAS);
  }

  /**
   * Every connection through the external proxy reaches the master. Until its first health checks
   * ran (about a second) HAProxy still spreads connections; the rendered readiness delay keeps the
   * LoadBalancer off it for that time, here the repeated ROLE stands in for it.
   */
  private void awaitProxyReachesMaster() {
    String proxy = LoopbackRedisSet.proxyAddress();
    await("the external proxy forwards only to the master")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                IntStream.range(0, 6)
                    .allMatch(
                        i ->
                            RedisCli.call(password, proxy, set.proxyPort, "ROLE")
                                .startsWith("master")));
    assertThat(RedisCli.call(password, proxy, set.proxyPort, "SET", "through-proxy", "1"))
        .isEqualTo("OK");
  }

  /** Until the Sentinels name another pod as master and that pod says it is master. */
  private void awaitFailoverAwayFrom(int oldMaster) {
    await("the Sentinels promote another pod")
        .atMost(FAILOVER_PATIENCE)
        .until(
            () -> {
              String master = currentMaster();
              return !master.isEmpty()
                  && !master.equals(LoopbackRedisSet.redisAddress(oldMaster))
                  && "master".equals(RedisCli.infoField(info(set.ordinalOf(master)), "role"));
            });
  }

  /** Writes keys to the master; a write counts only once WAIT confirms a replica has it. */
  private void writeAcknowledged(int count) {
    String master = currentMaster();
    for (int i = 0; i < count; i++) {
      String key = "key-" + acknowledged.size();
      await("the master accepts " + key)
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  RedisCli.call(password, master, set.redisPort, "SET", key, "value").equals("OK"));
      String replicas = RedisCli.call(password, master, set.redisPort, "WAIT", "1", "2000");
      if (Integer.parseInt(replicas) >= 1) {
        acknowledged.add(key);
      }
    }
    assertThat(acknowledged).isNotEmpty();
  }

  private void assertEveryAcknowledgedWriteOn(int ordinal) {
    String address = LoopbackRedisSet.redisAddress(ordinal);
    List<String> missing =
        acknowledged.stream()
            .filter(
                key -> !"value".equals(RedisCli.call(password, address, set.redisPort, "GET", key)))
            .toList();
    assertThat(missing).as("acknowledged writes missing on pod %d", ordinal).isEmpty();
  }

  private void awaitQuorumOn(String master) {
    await("every Sentinel sees the master, both replicas and the other Sentinels")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                IntStream.range(0, RedisContext.SENTINELS)
                    .allMatch(
                        i -> {
                          String view = sentinel(i, "SENTINEL", "MASTER", masterName());
                          return view.contains("\n" + master + "\n")
                              && field(view, "num-slaves").equals(Integer.toString(REPLICAS - 1))
                              && field(view, "num-other-sentinels")
                                  .equals(Integer.toString(RedisContext.SENTINELS - 1))
                              && sentinel(i, "SENTINEL", "CKQUORUM", masterName()).startsWith("OK");
                        }));
  }

  /** The master according to the Sentinels that answer. */
  private String currentMaster() {
    for (int i = 0; i < RedisContext.SENTINELS; i++) {
      String answer = sentinel(i, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName());
      if (!answer.isEmpty() && !answer.contains(" ")) {
        return answer.lines().findFirst().orElseThrow();
      }
    }
    return "";
  }

  private List<String> roles() {
    return IntStream.range(0, REPLICAS).mapToObj(i -> RedisCli.infoField(info(i), "role")).toList();
  }

  private String info(int ordinal) {
    return RedisCli.call(
        password, LoopbackRedisSet.redisAddress(ordinal), set.redisPort, "INFO", "replication");
  }

  private String sentinel(int index, String... command) {
    return RedisCli.call(password, set.sentinelAddress(index), set.sentinelPort, command);
  }

  private String masterName() {
    return state.app().name();
  }

  private static String lastLine(String log, String prefix) {
    return log.lines()
        .filter(line -> line.startsWith(prefix))
        .reduce((first, second) -> second)
        .orElse("");
  }

  /** A field of a flat key/value reply such as SENTINEL MASTER, printed one item per line. */
  private static String field(String reply, String name) {
    List<String> lines = reply.lines().toList();
    int index = lines.indexOf(name);
    return index >= 0 && index + 1 < lines.size() ? lines.get(index + 1) : "";
  }

  private static String get(String url) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
