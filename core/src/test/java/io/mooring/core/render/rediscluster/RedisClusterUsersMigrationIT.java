package io.mooring.core.render.rediscluster;

import static io.mooring.core.testing.RenderedObjects.decoded;
import static io.mooring.core.testing.RenderedObjects.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.lettuce.core.cluster.SlotHash;
import io.mooring.core.redis.RedisAclSync;
import io.mooring.core.redis.RedisLogin;
import io.mooring.core.redis.RedisLogins;
import io.mooring.core.redis.SetAccess;
import io.mooring.core.rediscluster.AcknowledgedWriter;
import io.mooring.core.rediscluster.NodeAddress;
import io.mooring.core.rediscluster.RestartingShardPods;
import io.mooring.core.redisops.ClusterShardRoll;
import io.mooring.core.redisops.RollStep;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.redis.RedisCli;
import io.mooring.core.render.redis.RedisInternalUser;
import io.mooring.core.render.redis.RedisInternalUsers;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.testing.RealBinaries;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rendered cluster (three masters, one replica each) started as one from before Mooring's own
 * users, on real redis-server processes, moves to them as the daemon moves it: the three users set
 * live on every node, then each shard rolled onto the template that has them, one shard at a time,
 * under a client that writes with WAIT 1. No acknowledged write is lost and every replica ends up
 * logged in to its master as the replication user. The longest write outage of each shard is
 * printed, never asserted.
 */
class RedisClusterUsersMigrationIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final int MASTERS = 3;
  private static final int NODES_PER_SHARD = 2;
  private static final String REPLICATION = RedisInternalUsers.REPLICATION.name();

  private final RedisClusterSpec spec = RedisClusterTestSpecs.spec("migrate", MASTERS, 1, true);
  private final RedisClusterNames names = new RedisClusterNames(spec.ref(), "cluster.local");
  private LoopbackRedisCluster cluster;
  private AcknowledgedWriter writer;

  @AfterEach
  void stop() {
    if (writer != null) {
      writer.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aClusterStartedBeforeMooringsUsersRollsOntoThemWithoutLosingAnAcknowledgedWrite(
      @TempDir Path root) throws InterruptedException {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-cli", "redis-tools");
    DesiredState state = RedisClusterRenderer.render(spec, RedisClusterTestSpecs.OPTIONS);
    Secret auth = named(state, Secret.class, names.authSecret());
    List<RedisLogin> logins = RedisLogins.fromAuthSecret(auth);
    cluster = new LoopbackRedisCluster(state, spec, root);
    cluster.leaveOutEnv(
        RedisClusterInternalUsers.ALL.stream()
            .map(RedisInternalUser::env)
            .collect(Collectors.toSet()));
    cluster.startAll();
    // Mooring logs in as default, its fallback while a node has no operator user.
    ClusterArrangement.settle(cluster, spec, logins);
    for (int node = 0; node < cluster.nodeCount(); node++) {
      assertThat(cluster.call(node, "ACL", "USERS"))
          .as("node %d started before Mooring's users", node)
          .doesNotContain("mooring-");
    }
    for (int shard = 0; shard < MASTERS; shard++) {
      assertThat(cluster.call(replicaOf(shard), "CONFIG", "GET", "masteruser"))
          .doesNotContain(REPLICATION);
      assertReplicaSyncsAs(shard, "default");
    }

    // What the daemon does before the first node restarts; servers started from here on are of
    // the template that has the users.
    new RedisAclSync(logins, Duration.ofSeconds(5), Optional.empty())
        .add(servers(), ownUsers(auth));
    cluster.leaveOutEnv(Set.of());

    int[] shardOfSlot = shardOfSlot();
    writer =
        new AcknowledgedWriter(
            List.of(new NodeAddress(cluster.address(0), cluster.port)),
            cluster.password(),
            "migration",
            Optional.empty(),
            dns());
    writer.groupSlots(slot -> shardOfSlot[slot]);
    writer.start();
    await("writes are acknowledged")
        .atMost(PATIENCE)
        .until(() -> writer.acknowledged().size() > 200);
    for (int shard = 0; shard < MASTERS; shard++) {
      int rolled = shard;
      RestartingShardPods pods =
          new RestartingShardPods(
              NODES_PER_SHARD,
              o -> podName(node(rolled, o)),
              o -> cluster.stopGracefully(node(rolled, o)),
              o -> cluster.start(node(rolled, o)));
      RollStep outcome =
          new ClusterShardRoll(
                  pods,
                  access(logins),
                  Clock.systemUTC(),
                  PATIENCE,
                  Duration.ofMillis(100),
                  Optional.empty())
              .run();
      pods.awaitPending();
      assertThat(outcome).as("shard %d: %s", shard, outcome).isInstanceOf(RollStep.Done.class);
      assertThat(pods.restarted()).as("shard %d's pods, each once", shard).hasSize(2);
      System.out.printf("users migration: shard %d rolled: %s%n", shard, pods.restarted());
    }
    long acknowledgedAfterRoll = writer.acknowledged().size();
    await("writes go on after the roll")
        .atMost(PATIENCE)
        .until(() -> writer.acknowledged().size() > acknowledgedAfterRoll + 100);
    writer.stop();

    Map<String, String> acknowledged = writer.acknowledged();
    long lost =
        acknowledged.entrySet().stream()
            .filter(e -> !e.getValue().equals(writer.read(e.getKey())))
            .count();
    Map<Integer, Long> perShard =
        acknowledged.keySet().stream()
            .collect(
                Collectors.groupingBy(
                    key -> shardOfSlot[SlotHash.getSlot(key)], Collectors.counting()));
    writer
        .longestWriteOutages()
        .forEach(
            (shard, outage) ->
                System.out.printf(
                    "users migration: shard %d longest write outage %d ms, %d acknowledged writes%n",
                    shard, outage.toMillis(), perShard.getOrDefault(shard, 0L)));
    System.out.printf(
        "users migration: %d writes attempted, %d accepted, %d acknowledged (WAIT 1), %d lost%n",
        writer.attempts(), writer.accepted(), acknowledged.size(), lost);
    assertThat(lost).isZero();
    for (int shard = 0; shard < MASTERS; shard++) {
      assertThat(cluster.call(replicaOf(shard), "CONFIG", "GET", "masteruser"))
          .endsWith(REPLICATION);
      assertReplicaSyncsAs(shard, REPLICATION);
    }
  }

  /** The shard's replica is in sync and its master sees its link logged in as {@code user}. */
  private void assertReplicaSyncsAs(int shard, String user) {
    int replica = replicaOf(shard);
    int master = node(shard, 0) == replica ? node(shard, 1) : node(shard, 0);
    await("shard " + shard + "'s replica syncs as " + user)
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(
                      RedisCli.infoField(
                          cluster.call(replica, "INFO", "replication"), "master_link_status"))
                  .as("shard %d's replica: %s", shard, cluster.log(replica))
                  .isEqualTo("up");
              List<String> replicaLinks =
                  cluster
                      .call(master, "CLIENT", "LIST")
                      .lines()
                      .filter(line -> line.contains(" flags=S "))
                      .toList();
              assertThat(replicaLinks)
                  .as("shard %d's replica connections on its master", shard)
                  .isNotEmpty()
                  .allMatch(line -> line.contains(" user=" + user + " "));
            });
  }

  private List<RedisAclSync.User> ownUsers(Secret auth) {
    return RedisClusterInternalUsers.ALL.stream()
        .map(u -> new RedisAclSync.User(u.name(), u.rules(), List.of(decoded(auth, u.secretKey()))))
        .toList();
  }

  private List<RedisAclSync.Server> servers() {
    List<RedisAclSync.Server> servers = new ArrayList<>();
    for (int node = 0; node < cluster.nodeCount(); node++) {
      servers.add(new RedisAclSync.Server(podName(node), cluster.address(node), cluster.port));
    }
    return servers;
  }

  /** The nodes' stable names to their addresses, as cluster DNS resolves them for a client. */
  private Map<String, String> dns() {
    Map<String, String> dns = new HashMap<>();
    IntStream.range(0, cluster.nodeCount())
        .forEach(n -> dns.put(cluster.fqdn(n), cluster.address(n)));
    return dns;
  }

  private SetAccess access(List<RedisLogin> logins) {
    Map<String, String> hosts = new HashMap<>();
    IntStream.range(0, cluster.nodeCount()).forEach(n -> hosts.put(podName(n), cluster.address(n)));
    return new SetAccess(
        hosts::get,
        address -> Optional.empty(),
        List.of(),
        cluster.port,
        cluster.port,
        logins,
        Duration.ofSeconds(2),
        Optional.empty());
  }

  /** Which shard serves each slot, by the address of the master that says it owns it. */
  private int[] shardOfSlot() {
    int[] shards = new int[16384];
    Arrays.fill(shards, -1);
    for (String line : cluster.call(0, "CLUSTER", "NODES").lines().toList()) {
      String[] fields = line.split(" ", -1);
      if (!fields[2].contains("master")) {
        continue;
      }
      String host = fields[1].substring(0, fields[1].indexOf(':'));
      int node =
          IntStream.range(0, cluster.nodeCount())
              .filter(n -> cluster.address(n).equals(host))
              .findFirst()
              .orElseThrow();
      for (int i = 8; i < fields.length; i++) {
        String[] range = fields[i].split("-", -1);
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        Arrays.fill(shards, from, to + 1, node / NODES_PER_SHARD);
      }
    }
    assertThat(shards).as("every slot is served").doesNotContain(-1);
    return shards;
  }

  private int replicaOf(int shard) {
    return IntStream.of(node(shard, 0), node(shard, 1))
        .filter(n -> cluster.call(n, "ROLE").lines().findFirst().orElse("").equals("slave"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("shard " + shard + " has no replica"));
  }

  private String podName(int node) {
    return names.pod(node / NODES_PER_SHARD, node % NODES_PER_SHARD);
  }

  private static int node(int shard, int ordinal) {
    return shard * NODES_PER_SHARD + ordinal;
  }
}
