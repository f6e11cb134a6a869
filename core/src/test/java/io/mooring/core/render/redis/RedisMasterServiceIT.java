package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.testing.RealBinaries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client of {@code <name>-redis-master} keeps writing through failovers. The default app (two
 * pods) runs on real redis-server and redis-sentinel processes, and the proxy the master Service
 * selects on real HAProxy, all from the rendered objects. The client holds one connection, as
 * application clients do, and only reconnects when it is closed.
 */
class RedisMasterServiceIT {
  @TempDir Path root;
  private LoopbackRedisSet set;

  @AfterEach
  void stopEverything() {
    if (set != null) {
      set.close();
    }
  }

  @Test
  void aClientOfTheMasterServiceKeepsWritingThroughAPlannedAndAnUnplannedFailover() {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-sentinel", "redis-sentinel");
    RealBinaries.require("redis-cli", "redis-tools");
    RealBinaries.require("haproxy", "haproxy");
    DesiredState state =
        RedisRenderer.render(RedisTestSpecs.seedEmptySpec(), RedisTestSpecs.OPTIONS);
    set = new LoopbackRedisSet(state, 2, root);
    String masterName = state.app().name();
    LoopbackRedisQueries pods = new LoopbackRedisQueries(set, masterName, 2);
    // The HAProxy started below is what the master Service's endpoints are.
    Map<String, String> proxyPods =
        set.object(Deployment.class, "example-redis-proxy")
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getLabels();
    assertThat(proxyPods)
        .containsAllEntriesOf(
            set.object(Service.class, "example-redis-master").getSpec().getSelector());

    set.startRedisPods(0, 1);
    IntStream.range(0, RedisContext.SENTINELS).forEach(set::startSentinel);
    set.startMasterProxy();
    int first = pods.awaitSettledMaster(-1);
    try (RespClient client =
        new RespClient(LoopbackRedisSet.proxyAddress(), set.proxyPort, set.password())) {
      awaitWrite(client, "before");
      assertThat(client.call("ROLE")).startsWith("master");
      assertThat(pods.redis(first, "GET", "before")).isEqualTo("1");

      pods.awaitSentinelsKnowReplicas();
      // Planned: the old master stays up and becomes a replica. A Sentinel that has not yet had a
      // fresh INFO from the replica answers NOGOODSLAVE and starts nothing; ask again until it
      // takes the request.
      await()
          .atMost(LoopbackRedisQueries.PATIENCE)
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () ->
                  assertThat(
                          RedisCli.call(
                              set.password(),
                              set.sentinelAddress(0),
                              set.sentinelPort,
                              "SENTINEL",
                              "FAILOVER",
                              masterName))
                      .isEqualTo("OK"));
      int second = pods.awaitSettledMaster(first);
      awaitWrite(client, "after-planned-failover");
      assertThat(pods.redis(second, "GET", "after-planned-failover")).isEqualTo("1");
      assertThat(pods.replicationField(first, "role")).isEqualTo("slave");
      assertEveryConnectionReachesTheMaster(client);

      // Unplanned: the master dies.
      int connectionsBefore = client.connections();
      set.killRedis(second);
      int third = pods.awaitSettledMaster(second, second);
      awaitWrite(client, "after-master-died");
      assertThat(pods.redis(third, "GET", "after-master-died")).isEqualTo("1");
      assertThat(client.connections()).isGreaterThan(connectionsBefore);
      assertEveryConnectionReachesTheMaster(client);
    }
  }

  /**
   * The start survey of the Sentinels demotes a second claimant with a plain REPLICAOF, which
   * leaves its clients connected: the proxy must close their sessions itself, or they would get
   * READONLY for as long as they keep the connection.
   */
  @Test
  void aMasterDemotedWithoutTheSentinelsLosesTheProxysClientsToTheNewMaster() {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-cli", "redis-tools");
    RealBinaries.require("haproxy", "haproxy");
    DesiredState state =
        RedisRenderer.render(RedisTestSpecs.seedEmptySpec(), RedisTestSpecs.OPTIONS);
    set = new LoopbackRedisSet(state, 2, root);
    LoopbackRedisQueries pods = new LoopbackRedisQueries(set, state.app().name(), 2);
    set.startRedisPods(0, 1);
    set.startMasterProxy();
    // No Sentinels: a new set starts with ordinal 0 as master.
    assertThat(pods.replicationField(0, "role")).isEqualTo("master");
    try (RespClient client =
        new RespClient(LoopbackRedisSet.proxyAddress(), set.proxyPort, set.password())) {
      awaitWrite(client, "before");
      assertThat(pods.redis(0, "GET", "before")).isEqualTo("1");
      int connectionsBefore = client.connections();

      assertThat(pods.redis(1, "REPLICAOF", "NO", "ONE")).isEqualTo("OK");
      assertThat(
              pods.redis(
                  0,
                  "REPLICAOF",
                  LoopbackRedisSet.redisAddress(1),
                  Integer.toString(set.redisPort)))
          .isEqualTo("OK");

      awaitWrite(client, "after-demotion");
      assertThat(pods.redis(1, "GET", "after-demotion")).isEqualTo("1");
      assertThat(client.connections()).isGreaterThan(connectionsBefore);
      assertEveryConnectionReachesTheMaster(client);
    }
  }

  /** Twenty more writes on the client's connection and ten new connections, all on the master. */
  private static void assertEveryConnectionReachesTheMaster(RespClient client) {
    for (int i = 0; i < 20; i++) {
      assertThat(client.call("SET", "steady-" + i, "1")).isEqualTo("OK");
    }
    for (int i = 0; i < 10; i++) {
      try (RespClient fresh = new RespClient(client.host(), client.port(), client.password())) {
        assertThat(fresh.call("ROLE")).startsWith("master");
      }
    }
  }

  /** Until a SET through the proxy is acknowledged; a client retries on errors as real ones do. */
  private static void awaitWrite(RespClient client, String key) {
    await()
        .atMost(LoopbackRedisQueries.PATIENCE)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(client.call("SET", key, "1")).isEqualTo("OK"));
  }
}
