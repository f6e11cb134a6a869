package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.testing.RealBinaries;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default app (two pods, preset nano: a 128Mi memory limit) filled on real redis-server
 * processes booted from the rendered config: the master refuses writes at the rendered {@code
 * maxmemory}, well below the container's limit, and keeps serving reads and deletes.
 */
class RedisMaxmemoryIT {
  private static final long MIB = 1024L * 1024L;
  private static final int CHUNK_BYTES = 8 * 1024 * 1024;

  @TempDir Path root;
  private LoopbackRedisSet set;

  @AfterEach
  void stopEverything() {
    if (set != null) {
      set.close();
    }
  }

  @Test
  void aFullMasterRefusesWritesWithOomInsteadOfGrowingToTheMemoryLimit() {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-cli", "redis-tools");
    DesiredState state =
        RedisRenderer.render(RedisTestSpecs.seedEmptySpec(), RedisTestSpecs.OPTIONS);
    set = new LoopbackRedisSet(state, 2, root);
    LoopbackRedisQueries pods = new LoopbackRedisQueries(set, state.app().name(), 2);
    set.startRedisPods(0, 1);
    // No Sentinels are needed: a new set starts with ordinal 0 as master.
    int master = 0;
    assertThat(pods.replicationField(master, "role")).isEqualTo("master");

    long limit = memoryLimitBytes();
    long maxmemory = renderedMaxmemoryMib() * MIB;
    assertThat(pods.redis(master, "CONFIG", "GET", "maxmemory")).endsWith("\n" + maxmemory);
    assertThat(pods.redis(master, "CONFIG", "GET", "maxmemory-policy")).endsWith("\nnoeviction");
    assertThat(pods.redis(master, "SET", "small", "kept")).isEqualTo("OK");

    // SETRANGE past the end zero-fills: each call grows the data set by one chunk.
    String reply = "";
    int chunks = 0;
    while (chunks <= limit / CHUNK_BYTES + 1) {
      reply =
          pods.redis(master, "SETRANGE", "fill-" + chunks, Integer.toString(CHUNK_BYTES - 1), "x");
      if (!reply.equals(Integer.toString(CHUNK_BYTES))) {
        break;
      }
      chunks++;
    }
    assertThat(reply).startsWith("OOM command not allowed when used memory > 'maxmemory'");
    long usedAtRefusal = usedMemory(pods, master);
    assertThat(usedAtRefusal).isGreaterThan(maxmemory).isLessThan(limit);

    for (int attempt = 0; attempt < 10; attempt++) {
      assertThat(pods.redis(master, "SETRANGE", "more-" + attempt, "1000", "x"))
          .startsWith("OOM command not allowed");
    }
    assertThat(usedMemory(pods, master)).isLessThanOrEqualTo(usedAtRefusal + MIB);
    assertThat(Long.parseLong(memoryField(pods, master, "used_memory_rss"))).isLessThan(limit);

    // A full Redis still serves reads and deletes, and writes again once there is room.
    assertThat(pods.redis(master, "GET", "small")).isEqualTo("kept");
    assertThat(pods.redis(master, "DEL", "fill-0", "fill-1")).isEqualTo("2");
    assertThat(pods.redis(master, "SET", "after-delete", "v")).isEqualTo("OK");
  }

  private long memoryLimitBytes() {
    Quantity limit =
        set.object(StatefulSet.class, "example-redis")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getResources()
            .getLimits()
            .get("memory");
    return Quantity.getAmountInBytes(limit).longValueExact();
  }

  private long renderedMaxmemoryMib() {
    String conf =
        set.object(ConfigMap.class, "example-redis-config")
            .getData()
            .get(RedisConfigModel.REDIS_CONF);
    Matcher matcher = Pattern.compile("(?m)^maxmemory (\\d+)mb$").matcher(conf);
    assertThat(matcher.find()).as("maxmemory in the rendered redis.conf").isTrue();
    return Long.parseLong(matcher.group(1));
  }

  private static long usedMemory(LoopbackRedisQueries pods, int ordinal) {
    return Long.parseLong(memoryField(pods, ordinal, "used_memory"));
  }

  private static String memoryField(LoopbackRedisQueries pods, int ordinal, String field) {
    return RedisCli.infoField(pods.redis(ordinal, "INFO", "memory"), field);
  }
}
