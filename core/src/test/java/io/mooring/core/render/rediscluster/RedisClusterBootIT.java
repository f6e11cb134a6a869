package io.mooring.core.render.rediscluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.core.render.redis.RedisCli;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.testing.RealBinaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's RedisCluster (three masters, one replica each), booted from the rendered objects on
 * real redis-server processes: every node runs in cluster mode, announces its stable DNS name, and
 * the nodes meet over the bus port. Assigning slots is the orchestration's, not tested here.
 */
class RedisClusterBootIT {
  @TempDir Path root;
  private LoopbackRedisCluster cluster;

  @BeforeEach
  void boot() {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-cli", "redis-tools");
    RedisClusterSpec spec = RedisClusterTestSpecs.seed();
    cluster =
        new LoopbackRedisCluster(
            RedisClusterRenderer.render(spec, RedisClusterTestSpecs.OPTIONS), spec, root);
    cluster.startAll();
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyNodeIsAnEmptyClusterNodeThatAnnouncesItsStableNameAndRequiresThePassword() {
    for (int node = 0; node < cluster.nodeCount(); node++) {
      assertThat(RedisCli.infoField(cluster.call(node, "INFO", "cluster"), "cluster_enabled"))
          .isEqualTo("1");
      assertThat(cluster.call(node, "CLUSTER", "INFO")).contains("cluster_known_nodes:1");
      assertThat(cluster.call(node, "CLUSTER", "MYSHARDID")).isNotBlank();
      assertThat(RedisCli.call(null, cluster.address(node), cluster.port, "CLUSTER", "INFO"))
          .contains("NOAUTH");
      assertThat(cluster.log(node)).contains("starts as a new, empty cluster node");
      assertThat(Files.exists(cluster.dataDirectory(node).resolve("nodes.conf"))).isTrue();
    }
  }

  @Test
  void theNodesMeetOverTheBusPortAndEachKnowsTheOthersByTheirStableNames() {
    meetAll();

    for (int node = 0; node < cluster.nodeCount(); node++) {
      String nodes = cluster.call(node, "CLUSTER", "NODES");
      for (int other = 0; other < cluster.nodeCount(); other++) {
        assertThat(nodes)
            .contains(
                cluster.address(other)
                    + ":"
                    + cluster.port
                    + "@"
                    + cluster.busPort
                    + ","
                    + cluster.fqdn(other));
      }
    }
  }

  @Test
  void afterEveryNodeRestartsOnANewAddressTheyFindEachOtherAgainByName() {
    meetAll();

    cluster.killAll();
    cluster.moveEveryNode();
    cluster.startAll();

    awaitEveryLinkConnected();
    for (int node = 0; node < cluster.nodeCount(); node++) {
      assertThat(cluster.log(node)).contains("rejoins its cluster");
      assertThat(cluster.call(node, "CLUSTER", "NODES"))
          .contains(cluster.address(node) + ":" + cluster.port + "@" + cluster.busPort);
    }
  }

  /** Node 0 meets every other node over the bus; gossip then makes everyone know everyone. */
  private void meetAll() {
    for (int node = 1; node < cluster.nodeCount(); node++) {
      assertThat(
              cluster.call(
                  0,
                  "CLUSTER",
                  "MEET",
                  cluster.address(node),
                  Integer.toString(cluster.port),
                  Integer.toString(cluster.busPort)))
          .isEqualTo("OK");
    }
    awaitEveryLinkConnected();
  }

  private void awaitEveryLinkConnected() {
    int count = cluster.nodeCount();
    await("every node knows all " + count + " nodes, every link connected")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (int node = 0; node < count; node++) {
                assertThat(cluster.call(node, "CLUSTER", "INFO"))
                    .contains("cluster_known_nodes:" + count);
                List<String> lines = cluster.call(node, "CLUSTER", "NODES").lines().toList();
                assertThat(lines)
                    .hasSize(count)
                    .allSatisfy(
                        line ->
                            assertThat(line)
                                .contains(" connected")
                                .doesNotContain("fail")
                                .doesNotContain("handshake"));
              }
            });
  }
}
