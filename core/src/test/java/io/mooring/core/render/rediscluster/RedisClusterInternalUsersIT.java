package io.mooring.core.render.rediscluster;

import static io.mooring.core.testing.RenderedObjects.decoded;
import static io.mooring.core.testing.RenderedObjects.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.reconcile.ClusterSettlement;
import io.mooring.core.reconcile.RedisClusterShape;
import io.mooring.core.redis.RedisLogin;
import io.mooring.core.rediscluster.ClusterListener;
import io.mooring.core.rediscluster.InMemoryProgressStore;
import io.mooring.core.rediscluster.LettuceNodeCommands;
import io.mooring.core.rediscluster.NodeAddress;
import io.mooring.core.rediscluster.RedisClusterOrchestration;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.redis.RedisCli;
import io.mooring.core.render.redis.RedisInternalUser;
import io.mooring.core.render.redis.RedisInternalUsers;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.testing.RealBinaries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rendered cluster (three masters, one replica each) on real redis-server processes, arranged by
 * Mooring's orchestration logged in as its operator user only: Mooring's own users each do their
 * job (replication, monitoring, orchestration: create, slot move, failover) and are refused the
 * rest on every node. The steps build on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterInternalUsersIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final RedisClusterSpec spec = RedisClusterTestSpecs.spec("users", 3, 1, true);
  private DesiredState state;
  private LoopbackRedisCluster cluster;
  private LettuceNodeCommands operator;

  @BeforeAll
  void bootAndLetMooringArrangeTheClusterAsItsOperatorUser(@TempDir Path root) {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-cli", "redis-tools");
    state = RedisClusterRenderer.render(spec, RedisClusterTestSpecs.OPTIONS);
    cluster = new LoopbackRedisCluster(state, spec, root);
    cluster.startAll();
    // Only the operator user: no fallback to the app's password could hide a missing permission.
    List<RedisLogin> operatorOnly =
        List.of(
            new RedisLogin(
                RedisInternalUsers.OPERATOR.name(), password(RedisInternalUsers.OPERATOR)));
    operator = new LettuceNodeCommands(operatorOnly, Duration.ofSeconds(5), Optional.empty());
    RedisClusterOrchestration orchestration =
        new RedisClusterOrchestration(
            (app, shard, ordinal) ->
                new NodeAddress(cluster.address(node(shard, ordinal)), cluster.port),
            app -> cluster.password().toCharArray(),
            (app, password) ->
                new LettuceNodeCommands(operatorOnly, Duration.ofSeconds(5), Optional.empty()),
            new InMemoryProgressStore(),
            new ClusterListener() {},
            Duration.ofSeconds(30),
            Duration.ofMillis(100));
    RedisClusterShape shape = new RedisClusterShape(3, 1, List.of(2, 2, 2));
    await("Mooring's orchestration settles the cluster as its operator user")
        .atMost(PATIENCE)
        .until(
            () ->
                orchestration.podsReady(state.app(), shape).state()
                    == ClusterSettlement.State.SETTLED);
  }

  @AfterAll
  void stopEveryNode() {
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void everySlotIsServedAndEveryReplicaSyncsAsTheReplicationUser() {
    for (int node = 0; node < cluster.nodeCount(); node++) {
      assertThat(cluster.call(node, "CLUSTER", "INFO"))
          .contains("cluster_state:ok")
          .contains("cluster_slots_assigned:16384");
    }
    for (int shard = 0; shard < 3; shard++) {
      int replica = node(shard, 1);
      assertThat(cluster.call(replica, "CONFIG", "GET", "masteruser"))
          .endsWith(RedisInternalUsers.REPLICATION.name());
      String name = "shard " + shard + "'s replica";
      await(name + " is in sync")
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(
                          RedisCli.infoField(
                              cluster.call(replica, "INFO", "replication"), "master_link_status"))
                      .as("%s: %s", name, cluster.log(replica))
                      .isEqualTo("up"));
    }
  }

  @Test
  @Order(2)
  void eachOfMooringsUsersIsRefusedWhatIsNotItsJobOnEveryNode() {
    String replication = password(RedisInternalUsers.REPLICATION);
    String exporter = password(RedisInternalUsers.EXPORTER);
    String operatorPassword = password(RedisInternalUsers.OPERATOR);
    for (int node = 0; node < cluster.nodeCount(); node++) {
      assertThat(as(node, RedisInternalUsers.REPLICATION, replication, "PING")).isEqualTo("PONG");
      assertThat(as(node, RedisInternalUsers.REPLICATION, replication, "GET", "k"))
          .startsWith("NOPERM");
      assertThat(as(node, RedisInternalUsers.REPLICATION, replication, "CLUSTER", "NODES"))
          .startsWith("NOPERM");

      assertThat(as(node, RedisInternalUsers.EXPORTER, exporter, "CLUSTER", "INFO"))
          .contains("cluster_state:ok");
      assertThat(as(node, RedisInternalUsers.EXPORTER, exporter, "INFO", "memory"))
          .contains("used_memory:");
      assertThat(as(node, RedisInternalUsers.EXPORTER, exporter, "SET", "k", "1"))
          .startsWith("NOPERM");
      assertThat(as(node, RedisInternalUsers.EXPORTER, exporter, "CONFIG", "SET", "maxmemory", "1"))
          .startsWith("NOPERM");

      assertThat(as(node, RedisInternalUsers.OPERATOR, operatorPassword, "CLUSTER", "MYID"))
          .hasSize(40);
      assertThat(as(node, RedisInternalUsers.OPERATOR, operatorPassword, "GET", "k"))
          .startsWith("NOPERM");
      assertThat(as(node, RedisInternalUsers.OPERATOR, operatorPassword, "SET", "k", "1"))
          .startsWith("NOPERM");
      assertThat(as(node, RedisInternalUsers.OPERATOR, operatorPassword, "FLUSHALL"))
          .startsWith("NOPERM");
      assertThat(as(node, RedisInternalUsers.OPERATOR, "not-its-password", "PING"))
          .contains("WRONGPASS");
    }
  }

  @Test
  @Order(3)
  void theOperatorUserMovesAKeyToAnotherShardWithMigrate() {
    String key = "moved-key";
    int slot = Integer.parseInt(cluster.call(0, "CLUSTER", "KEYSLOT", key));
    int source = ownerOf(slot);
    int target = source == node(0, 0) ? node(1, 0) : node(0, 0);
    assertThat(cluster.call(source, "SET", key, "v")).isEqualTo("OK");
    String sourceId = cluster.call(source, "CLUSTER", "MYID");
    String targetId = cluster.call(target, "CLUSTER", "MYID");
    NodeAddress from = new NodeAddress(cluster.address(source), cluster.port);
    NodeAddress to = new NodeAddress(cluster.address(target), cluster.port);

    operator.setSlotImporting(to, slot, sourceId);
    operator.setSlotMigrating(from, slot, targetId);
    assertThat(operator.getKeysInSlot(from, slot, 10)).containsExactly(key);
    operator.migrate(from, cluster.address(target), cluster.port, List.of(key));
    operator.setSlotNode(to, slot, targetId);
    operator.setSlotNode(from, slot, targetId);

    assertThat(cluster.call(target, "GET", key)).isEqualTo("v");
    assertThat(cluster.call(source, "GET", key)).startsWith("MOVED");
  }

  @Test
  @Order(4)
  void theOperatorUserFailsOverAShardToItsReplica() {
    int replica = node(2, 1);
    operator.failover(new NodeAddress(cluster.address(replica), cluster.port));

    await("the replica of shard 2 is its master")
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(RedisCli.infoField(cluster.call(replica, "INFO", "replication"), "role"))
                    .isEqualTo("master"));
    int former = node(2, 0);
    await("the former master replicates from it, logged in as the replication user")
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        RedisCli.infoField(
                            cluster.call(former, "INFO", "replication"), "master_link_status"))
                    .isEqualTo("up"));
  }

  private String as(int node, RedisInternalUser user, String password, String... args) {
    return cluster.callAs(node, user.name(), password, args);
  }

  private String password(RedisInternalUser user) {
    Secret auth =
        named(state, Secret.class, new RedisClusterNames(spec.ref(), "cluster.local").authSecret());
    return decoded(auth, user.secretKey());
  }

  private int ownerOf(int slot) {
    String reply = cluster.call(0, "CLUSTER", "SHARDS");
    for (int shard = 0; shard < 3; shard++) {
      String myId = cluster.call(node(shard, 0), "CLUSTER", "MYID");
      String nodes = cluster.call(node(shard, 0), "CLUSTER", "NODES");
      for (String line : nodes.lines().toList()) {
        if (line.startsWith(myId) && ownsSlot(line, slot)) {
          return node(shard, 0);
        }
      }
    }
    throw new AssertionError("no master owns slot " + slot + ": " + reply);
  }

  private static boolean ownsSlot(String nodesLine, int slot) {
    String[] fields = nodesLine.split(" ", -1);
    for (int i = 8; i < fields.length; i++) {
      String[] range = fields[i].split("-", -1);
      int start = Integer.parseInt(range[0]);
      int end = range.length > 1 ? Integer.parseInt(range[1]) : start;
      if (slot >= start && slot <= end) {
        return true;
      }
    }
    return false;
  }

  private static int node(int shard, int ordinal) {
    return shard * 2 + ordinal;
  }
}
