package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.redis.RedisConnection;
import io.mooring.core.redis.SetAccess;
import io.mooring.core.redisops.RollStep;
import io.mooring.core.redisops.SentinelRoll;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.testing.RealBinaries;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart roll of a three-pod Sentinel set, driven by {@link SentinelRoll} on real redis-server
 * and redis-sentinel processes while a client writes without pause: replicas first, one failover,
 * then the old master; no write a replica acknowledged is lost.
 */
class RedisRollIT {
  private static final int REPLICAS = 3;
  private static final Pattern FAILOVER_END = Pattern.compile("\\+failover-end ");

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
  void aRollUnderWritesRestartsReplicasFirstFailsOverOnceAndLosesNoAcknowledgedWrite()
      throws InterruptedException {
    RedisSpec spec =
        RedisTestSpecs.spec(
            "example", REPLICAS, ResourcePreset.DEFAULT.resources(), "1Gi", "", false, true);
    DesiredState state = RedisRenderer.render(spec, RedisTestSpecs.OPTIONS);
    set = new LoopbackRedisSet(state, REPLICAS, root);
    set.startRedisPods(IntStream.range(0, REPLICAS).toArray());
    IntStream.range(0, RedisContext.SENTINELS).forEach(set::startSentinel);
    LoopbackRedisQueries queries = new LoopbackRedisQueries(set, "example", REPLICAS);
    int firstMaster = queries.awaitSettledMaster(-1);
    RedisNames names = new RedisNames(state.app(), "cluster.local");
    LoopbackRollPods pods = new LoopbackRollPods(set, names, REPLICAS, "next");
    SentinelRoll roll =
        new SentinelRoll(
            "example",
            pods,
            access(names),
            Clock.systemUTC(),
            Duration.ofSeconds(90),
            Duration.ofMillis(200),
            Optional.empty());

    RollStep outcome;
    Map<String, String> acknowledged;
    Duration outage;
    try (AcknowledgedWriter writer =
        new AcknowledgedWriter(this::masterAddress, set.redisPort, set.password()).start()) {
      org.awaitility.Awaitility.await()
          .atMost(LoopbackRedisQueries.PATIENCE)
          .until(() -> writer.acknowledged().size() >= 20);
      outcome = roll.run();
      int after = writer.acknowledged().size();
      org.awaitility.Awaitility.await()
          .atMost(LoopbackRedisQueries.PATIENCE)
          .until(() -> writer.acknowledged().size() >= after + 20);
      writer.close();
      acknowledged = writer.acknowledged();
      outage = writer.longestOutage();
    }
    pods.awaitLastRestart();

    assertThat(outcome).isInstanceOf(RollStep.Done.class);
    assertThat(pods.pods()).allSatisfy(pod -> assertThat(pod.updated()).isTrue());
    // Replicas first, the old master last.
    assertThat(pods.restarted()).hasSize(REPLICAS).endsWith(names.pod(firstMaster));
    assertThat(pods.recorded()).isEmpty();
    assertThat(FAILOVER_END.matcher(set.sentinelLogs()).results().count()).isEqualTo(1);
    int master = queries.awaitSettledMaster(firstMaster);
    List<String> lost;
    try (RespClient reader =
        new RespClient(LoopbackRedisSet.redisAddress(master), set.redisPort, set.password())) {
      lost =
          acknowledged.entrySet().stream()
              .filter(entry -> !entry.getValue().equals(reader.call("GET", entry.getKey())))
              .map(Map.Entry::getKey)
              .toList();
    }
    System.out.printf(
        "Sentinel roll of %d pods: %d acknowledged writes, %d lost, longest write outage %d ms%n",
        REPLICAS, acknowledged.size(), lost.size(), outage.toMillis());
    assertThat(lost).isEmpty();
  }

  private SetAccess access(RedisNames names) {
    return new SetAccess(
        pod ->
            LoopbackRedisSet.redisAddress(
                Integer.parseInt(pod.substring(pod.lastIndexOf('-') + 1))),
        address ->
            IntStream.range(0, REPLICAS)
                .filter(i -> LoopbackRedisSet.redisAddress(i).equals(address))
                .mapToObj(names::pod)
                .findFirst(),
        IntStream.range(0, RedisContext.SENTINELS).mapToObj(set::sentinelAddress).toList(),
        set.redisPort,
        set.sentinelPort,
        set.password(),
        Duration.ofSeconds(2));
  }

  private Optional<String> masterAddress() {
    for (int i = 0; i < RedisContext.SENTINELS; i++) {
      Optional<String> reply =
          RedisConnection.callOnce(
              set.sentinelAddress(i),
              set.sentinelPort,
              set.password(),
              Duration.ofMillis(500),
              List.of("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "example"));
      if (reply.isPresent() && !reply.get().isEmpty() && !reply.get().contains(" ")) {
        return reply.get().lines().findFirst();
      }
    }
    return Optional.empty();
  }
}
