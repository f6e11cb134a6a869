package io.mooring.core.render.redis;

import static org.awaitility.Awaitility.await;

import io.mooring.core.redis.RedisAclSync;
import io.mooring.core.redisops.SentinelReplicaList;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What a {@link LoopbackRedisSet}'s servers report, and waits on it: the master the Sentinels name,
 * each pod's replication state. Every wait ends on a server's answer; its bound only keeps a broken
 * set from hanging the build.
 */
final class LoopbackRedisQueries {
  static final Duration PATIENCE = Duration.ofSeconds(90);

  private final LoopbackRedisSet set;
  private final String masterName;
  private final int replicas;

  LoopbackRedisQueries(LoopbackRedisSet set, String masterName, int replicas) {
    this.set = set;
    this.masterName = masterName;
    this.replicas = replicas;
  }

  /** A command to Redis pod {@code ordinal}, with the Secret's password. */
  String redis(int ordinal, String... command) {
    return RedisCli.call(
        set.password(), LoopbackRedisSet.redisAddress(ordinal), set.redisPort, command);
  }

  String replication(int ordinal) {
    return redis(ordinal, "INFO", "replication");
  }

  String replicationField(int ordinal, String field) {
    return RedisCli.infoField(replication(ordinal), field);
  }

  /** The master's address as the first answering Sentinel names it, or "". */
  String masterFromSentinels() {
    return masterFromSentinels(set, set.password(), masterName);
  }

  /** The master's address as the first Sentinel answering {@code password} names it, or "". */
  static String masterFromSentinels(LoopbackRedisSet set, String password, String masterName) {
    for (int i = 0; i < RedisContext.SENTINELS; i++) {
      String answer =
          RedisCli.call(
              password,
              set.sentinelAddress(i),
              set.sentinelPort,
              "SENTINEL",
              "GET-MASTER-ADDR-BY-NAME",
              masterName);
      if (!answer.isEmpty() && !answer.contains(" ")) {
        return answer.lines().findFirst().orElseThrow();
      }
    }
    return "";
  }

  /**
   * Starts every pod and Sentinel of {@code set} and waits until the Sentinels name a master that
   * has every other pod as a replica; returns the master's address.
   */
  static String bootAndAwaitMaster(
      LoopbackRedisSet set, int replicas, String password, String masterName) {
    set.startRedisPods(IntStream.range(0, replicas).toArray());
    IntStream.range(0, RedisContext.SENTINELS).forEach(set::startSentinel);
    await("the Sentinels name a master with " + (replicas - 1) + " replicas")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              String master = masterFromSentinels(set, password, masterName);
              return !master.isEmpty()
                  && RedisCli.call(password, master, set.redisPort, "INFO", "replication")
                      .contains("connected_slaves:" + (replicas - 1));
            });
    return masterFromSentinels(set, password, masterName);
  }

  /**
   * Waits until {@code master} takes writes: a replica counts for min-replicas-to-write once its
   * first ACK arrived (within a second).
   */
  static void awaitMasterTakesWrites(LoopbackRedisSet set, String password, String master) {
    await("the master takes writes")
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> RedisCli.call(password, master, set.redisPort, "SET", "warm", "1").equals("OK"));
  }

  /** The ordinals of the pods other than the one at {@code master}'s address. */
  static List<Integer> replicaOrdinals(String master, int replicas) {
    return IntStream.range(0, replicas)
        .filter(i -> !LoopbackRedisSet.redisAddress(i).equals(master))
        .boxed()
        .toList();
  }

  /** How many full resyncs {@code master} has served ({@code sync_full}). */
  static String fullSyncs(LoopbackRedisSet set, String password, String master) {
    return RedisCli.infoField(
        RedisCli.call(password, master, set.redisPort, "INFO", "stats"), "sync_full");
  }

  /** The set's pods as servers Mooring's ACL and rotation code reach, named pod-0, pod-1, ... */
  static List<RedisAclSync.Server> podServers(LoopbackRedisSet set, int replicas) {
    return IntStream.range(0, replicas)
        .mapToObj(
            i ->
                new RedisAclSync.Server(
                    "pod-" + i, LoopbackRedisSet.redisAddress(i), set.redisPort))
        .toList();
  }

  /** The set's Sentinels as servers, named sentinel-0, sentinel-1, ... */
  static List<RedisAclSync.Server> sentinelServers(LoopbackRedisSet set) {
    return IntStream.range(0, RedisContext.SENTINELS)
        .mapToObj(
            i -> new RedisAclSync.Server("sentinel-" + i, set.sentinelAddress(i), set.sentinelPort))
        .toList();
  }

  /**
   * Whether every Sentinel knows {@code count} replicas of the master that it could promote now. A
   * Sentinel learns replicas from the master's INFO every 10 s and moves only those it knows in a
   * failover: one asked for sooner leaves the unknown replica following the old master.
   */
  static boolean sentinelsKnowReplicas(
      LoopbackRedisSet set, String password, String masterName, int count) {
    for (int i = 0; i < RedisContext.SENTINELS; i++) {
      String reply =
          RedisCli.call(
              password,
              set.sentinelAddress(i),
              set.sentinelPort,
              "SENTINEL",
              "REPLICAS",
              masterName);
      if (!SentinelReplicaList.isList(reply)
          || SentinelReplicaList.healthyAddresses(reply).size() < count) {
        return false;
      }
    }
    return true;
  }

  /** Waits until every Sentinel knows every other pod as a replica it could promote. */
  void awaitSentinelsKnowReplicas() {
    await("every Sentinel knows " + (replicas - 1) + " replicas")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> sentinelsKnowReplicas(set, set.password(), masterName, replicas - 1));
  }

  /**
   * Waits until the Sentinels name a master other than {@code notOrdinal} (-1: any), that pod says
   * it is master, and every other pod replicates it; returns its ordinal.
   */
  int awaitSettledMaster(int notOrdinal, int... down) {
    int[] master = {-1};
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              String address = masterFromSentinels();
              if (address.isEmpty()) {
                return false;
              }
              int ordinal = set.ordinalOf(address);
              master[0] = ordinal;
              return ordinal != notOrdinal
                  && "master".equals(replicationField(ordinal, "role"))
                  && IntStream.range(0, replicas)
                      .filter(i -> i != ordinal && IntStream.of(down).noneMatch(d -> d == i))
                      .allMatch(i -> replicates(i, address));
            });
    return master[0];
  }

  private boolean replicates(int ordinal, String masterAddress) {
    String info = replication(ordinal);
    return "slave".equals(RedisCli.infoField(info, "role"))
        && masterAddress.equals(RedisCli.infoField(info, "master_host"))
        && "up".equals(RedisCli.infoField(info, "master_link_status"));
  }
}
