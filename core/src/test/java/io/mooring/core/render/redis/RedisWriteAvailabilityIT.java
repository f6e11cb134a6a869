package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.testing.RealBinaries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write guard of the rendered redis.conf on real redis-server and redis-sentinel processes: one
 * replica down never stops writes, and a master cut off from its replicas stops taking writes once
 * they have been silent for longer than the rendered lag.
 */
class RedisWriteAvailabilityIT {
  private static final Pattern REPLICA_LAG = Pattern.compile("(?m)^slave\\d+:.*,lag=(\\d+)");

  @TempDir Path root;
  private LoopbackRedisSet set;

  @BeforeEach
  void requireServers() {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-sentinel", "redis-sentinel");
    RealBinaries.require("redis-cli", "redis-tools");
  }

  @AfterEach
  void stopEverything() {
    if (set != null) {
      set.close();
    }
  }

  @Test
  void withTwoPodsTheMasterKeepsTakingWritesWhileItsOnlyReplicaIsDownAndRestarts() {
    LoopbackRedisQueries pods = boot(2);
    int master = pods.awaitSettledMaster(-1);
    int replica = 1 - master;
    assertThat(pods.redis(master, "SET", "before", "1")).isEqualTo("OK");

    set.killRedis(replica);
    await()
        .atMost(LoopbackRedisQueries.PATIENCE)
        .until(() -> "0".equals(pods.replicationField(master, "connected_slaves")));
    // The master re-counts its good replicas once a second: keep writing until its own clock has
    // moved on twice, so a guard that wanted the replica would have refused by then.
    long since = uptime(pods, master);
    List<String> writtenWhileDown = new ArrayList<>();
    while (uptime(pods, master) < since + 2) {
      String key = "while-down-" + writtenWhileDown.size();
      assertThat(pods.redis(master, "SET", key, "v")).as("SET %s", key).isEqualTo("OK");
      writtenWhileDown.add(key);
    }

    set.startRedis(replica);
    await()
        .atMost(LoopbackRedisQueries.PATIENCE)
        .until(() -> "up".equals(pods.replicationField(replica, "master_link_status")));
    assertThat(pods.redis(master, "SET", "after", "1")).isEqualTo("OK");
    assertThat(writtenWhileDown)
        .isNotEmpty()
        .allSatisfy(key -> assertThat(pods.redis(replica, "GET", key)).isEqualTo("v"));
  }

  @Test
  void withThreePodsAMasterCutOffFromItsReplicasStopsTakingWritesOnceTheirLagPassesTheLimit() {
    LoopbackRedisQueries pods = boot(3);
    int maxLag = renderedSetting("min-replicas-max-lag");
    assertThat(renderedSetting("min-replicas-to-write")).isEqualTo(1);
    int master = pods.awaitSettledMaster(-1);
    int[] replicas = IntStream.range(0, 3).filter(i -> i != master).toArray();
    // A replica counts once its first acknowledgement has arrived, within a second of its sync.
    await()
        .atMost(LoopbackRedisQueries.PATIENCE)
        .until(() -> "OK".equals(pods.redis(master, "SET", "before", "1")));

    // The master keeps its clients but hears nothing from the other pods, as behind a partition.
    IntStream.of(replicas).forEach(set::freezeRedis);
    IntStream.range(0, RedisContext.SENTINELS).forEach(set::freezeSentinel);
    List<String> accepted = new ArrayList<>();
    List<Integer> lagBeforeAccepted = new ArrayList<>();
    String[] refusal = {""};
    await()
        .atMost(LoopbackRedisQueries.PATIENCE)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              int lag = largestReplicaLag(pods.replication(master));
              String key = "isolated-" + accepted.size();
              String reply = pods.redis(master, "SET", key, "v");
              if ("OK".equals(reply)) {
                accepted.add(key);
                lagBeforeAccepted.add(lag);
                return false;
              }
              refusal[0] = reply;
              return true;
            });

    assertThat(refusal[0]).startsWith("NOREPLICAS");
    // Writes went on while the replicas' last acknowledgement was recent; the master re-counts
    // its good replicas once a second, hence the one second of tolerance.
    assertThat(accepted).isNotEmpty();
    assertThat(lagBeforeAccepted)
        .allSatisfy(lag -> assertThat(lag).isLessThanOrEqualTo(maxLag + 1));
    String info = pods.replication(master);
    assertThat(RedisCli.infoField(info, "role")).isEqualTo("master");
    assertThat(RedisCli.infoField(info, "min_slaves_good_slaves")).isEqualTo("0");
    assertThat(smallestReplicaLag(info)).isGreaterThan(maxLag);
    assertThat(pods.redis(master, "SET", "still-isolated", "v")).startsWith("NOREPLICAS");

    IntStream.of(replicas).forEach(set::thawRedis);
    IntStream.range(0, RedisContext.SENTINELS).forEach(set::thawSentinel);
    await()
        .atMost(LoopbackRedisQueries.PATIENCE)
        .until(() -> "OK".equals(pods.redis(master, "SET", "reconnected", "v")));
  }

  private LoopbackRedisQueries boot(int replicas) {
    RedisSpec spec =
        RedisTestSpecs.spec(
            "example", replicas, ResourcePreset.DEFAULT.resources(), "1Gi", "", false, true);
    DesiredState state = RedisRenderer.render(spec, RedisTestSpecs.OPTIONS);
    set = new LoopbackRedisSet(state, replicas, root);
    set.startRedisPods(IntStream.range(0, replicas).toArray());
    IntStream.range(0, RedisContext.SENTINELS).forEach(set::startSentinel);
    return new LoopbackRedisQueries(set, state.app().name(), replicas);
  }

  private int renderedSetting(String name) {
    String conf =
        set.object(ConfigMap.class, "example-redis-config")
            .getData()
            .get(RedisConfigModel.REDIS_CONF);
    Matcher matcher = Pattern.compile("(?m)^" + name + " (\\d+)$").matcher(conf);
    assertThat(matcher.find()).as("%s in the rendered redis.conf", name).isTrue();
    return Integer.parseInt(matcher.group(1));
  }

  private static long uptime(LoopbackRedisQueries pods, int ordinal) {
    return Long.parseLong(
        RedisCli.infoField(pods.redis(ordinal, "INFO", "server"), "uptime_in_seconds"));
  }

  private static int largestReplicaLag(String info) {
    return lags(info).stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  private static int smallestReplicaLag(String info) {
    return lags(info).stream().mapToInt(Integer::intValue).min().orElseThrow();
  }

  private static List<Integer> lags(String info) {
    List<Integer> lags = new ArrayList<>();
    Matcher matcher = REPLICA_LAG.matcher(info);
    while (matcher.find()) {
      lags.add(Integer.parseInt(matcher.group(1)));
    }
    return lags;
  }
}
