package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.redis.RedisAclSync;
import io.mooring.core.redis.RedisConnection;
import io.mooring.core.redis.RedisLogin;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.testing.RealBinaries;
import io.mooring.core.testing.RenderedObjects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mooring's own users on a rendered 3-pod Sentinel set booted on real servers: each does its job
 * and is refused what its rules leave out; replicas replicate as the replication user and the
 * Sentinels monitor and fail over as theirs; and a server started before the users existed gets
 * them live, so a replica restarted onto the new template syncs from it.
 */
class RedisInternalUsersIT {
  private static final int REPLICAS = 3;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path root;
  private LoopbackRedisSet set;
  private DesiredState state;

  @AfterEach
  void stop() {
    if (set != null) {
      set.close();
    }
  }

  private String passwordOf(RedisInternalUser user) {
    String authSecret = new RedisNames(state.app(), "cluster.local").authSecret();
    return RenderedObjects.decoded(
        RenderedObjects.named(state, Secret.class, authSecret), user.secretKey());
  }

  private RedisConnection as(RedisInternalUser user, String host, int port) {
    return RedisConnection.open(host, port, user.name(), passwordOf(user), TIMEOUT);
  }

  private String master(String name) {
    return new LoopbackRedisQueries(set, name, REPLICAS).masterFromSentinels();
  }

  /** Boots the rendered set; returns its master once it has both replicas. */
  private String boot(String name) {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-sentinel", "redis-sentinel");
    RealBinaries.require("redis-cli", "redis-tools");
    set = new LoopbackRedisSet(state, REPLICAS, root);
    return LoopbackRedisQueries.bootAndAwaitMaster(set, REPLICAS, set.password(), name);
  }

  private String linkStatus(String replica) {
    return RedisCli.infoField(
        RedisCli.call(set.password(), replica, set.redisPort, "INFO", "replication"),
        "master_link_status");
  }

  @Test
  void usersAddedLiveLetAReplicaRestartedWithTheReplicationUserSyncFromAnOlderMaster() {
    state = RedisRenderer.render(RedisTestSpecs.seedThreeReplicas(), RedisTestSpecs.OPTIONS);
    String master = boot(new RedisNames(state.app(), "cluster.local").masterName());
    int replica =
        IntStream.range(0, REPLICAS)
            .filter(i -> !LoopbackRedisSet.redisAddress(i).equals(master))
            .findFirst()
            .orElseThrow();
    String replicaAddress = LoopbackRedisSet.redisAddress(replica);
    // A master started before Mooring's users existed knows no replication user. Only that one is
    // taken away: deleting the Sentinels' user would cut the Sentinels off this master (a set from
    // before the users has Sentinels logging in as default), and they would fail it over.
    RedisCli.call(
        set.password(),
        master,
        set.redisPort,
        "ACL",
        "DELUSER",
        RedisInternalUsers.REPLICATION.name());
    set.killRedis(replica);
    set.startRedis(replica);
    await("the restarted replica is refused by the older master")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                RedisCli.call(set.password(), master, set.redisPort, "ACL", "LOG", "1")
                    .contains("mooring-replication"));
    assertThat(linkStatus(replicaAddress)).isEqualTo("down");

    // What Mooring does before a roll restarts any pod: the users are set on every server.
    List<RedisAclSync.User> users =
        RedisInternalUsers.ALL.stream()
            .map(
                user -> new RedisAclSync.User(user.name(), user.rules(), List.of(passwordOf(user))))
            .toList();
    List<RedisAclSync.Server> servers = LoopbackRedisQueries.podServers(set, REPLICAS);
    new RedisAclSync(List.of(RedisLogin.defaultUser(set.password())), TIMEOUT, Optional.empty())
        .add(servers, users);
    await("the replica syncs as the replication user")
        .atMost(Duration.ofSeconds(30))
        .until(() -> linkStatus(replicaAddress).equals("up"));
  }

  @Test
  void eachUserDoesItsJobIsRefusedTheRestAndReplicationAndFailoverRunAsThem() {
    state = RedisRenderer.render(RedisTestSpecs.seedThreeReplicas(), RedisTestSpecs.OPTIONS);
    String name = new RedisNames(state.app(), "cluster.local").masterName();
    String master = boot(name);
    String replica =
        IntStream.range(0, REPLICAS)
            .mapToObj(LoopbackRedisSet::redisAddress)
            .filter(address -> !address.equals(master))
            .findFirst()
            .orElseThrow();
    await("the master takes writes")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                RedisCli.call(set.password(), master, set.redisPort, "SET", "k", "v").equals("OK"));

    try (RedisConnection admin =
        RedisConnection.open(replica, set.redisPort, null, set.password(), TIMEOUT)) {
      assertThat(admin.call("CONFIG", "GET", "masteruser"))
          .isEqualTo("masteruser\nmooring-replication");
      assertThat(RedisCli.infoField(admin.call("INFO", "replication"), "master_link_status"))
          .isEqualTo("up");
    }
    try (RedisConnection replication = as(RedisInternalUsers.REPLICATION, master, set.redisPort)) {
      assertThat(replication.call("PING")).isEqualTo("PONG");
      RedisLogins.refused(replication, "GET", "k");
      RedisLogins.refused(replication, "INFO");
    }
    try (RedisConnection sentinel = as(RedisInternalUsers.SENTINEL, master, set.redisPort)) {
      assertThat(sentinel.call("ROLE")).startsWith("master");
      RedisLogins.refused(sentinel, "GET", "k");
      RedisLogins.refused(sentinel, "CONFIG", "GET", "maxmemory");
    }
    try (RedisConnection exporter = as(RedisInternalUsers.EXPORTER, master, set.redisPort)) {
      assertThat(exporter.call("INFO", "server")).contains("redis_version");
      assertThat(exporter.call("GET", "k")).isEqualTo("v");
      RedisLogins.refused(exporter, "SET", "k", "changed");
      RedisLogins.refused(exporter, "FLUSHALL");
      RedisLogins.refused(exporter, "CONFIG", "SET", "maxmemory", "1");
    }
    try (RedisConnection exporter =
        as(RedisInternalUsers.EXPORTER, set.sentinelAddress(0), set.sentinelPort)) {
      assertThat(exporter.call("SENTINEL", "MASTERS")).contains(name);
      RedisLogins.refused(exporter, "SENTINEL", "FAILOVER", name);
    }
    try (RedisConnection operator = as(RedisInternalUsers.OPERATOR, master, set.redisPort)) {
      assertThat(operator.call("CONFIG", "GET", "maxmemory-policy")).contains("maxmemory-policy");
      assertThat(operator.call("ACL", "USERS")).contains("mooring-operator");
      RedisLogins.refused(operator, "GET", "k");
      RedisLogins.refused(operator, "SET", "k", "changed");
    }

    // The Sentinels fail over logged in to the pods as their own user, and the old master follows.
    await("every Sentinel knows both replicas")
        .atMost(LoopbackRedisQueries.PATIENCE)
        .until(
            () ->
                LoopbackRedisQueries.sentinelsKnowReplicas(
                    set, set.password(), name, REPLICAS - 1));
    await("the Sentinels promote another pod")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              String now = master(name);
              if (now.equals(master)) {
                RedisCli.call(
                    set.password(),
                    set.sentinelAddress(0),
                    set.sentinelPort,
                    "SENTINEL",
                    "FAILOVER",
                    name);
                return false;
              }
              return !now.isEmpty();
            });
    await("the old master replicates from the new one as the replication user")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                RedisCli.infoField(
                        RedisCli.call(set.password(), master, set.redisPort, "INFO", "replication"),
                        "master_link_status")
                    .equals("up"));
  }
}
