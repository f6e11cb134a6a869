package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import io.mooring.core.testing.RealBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aiven specs booted on a real redis-server from their rendered config: every redis.conf-backed
 * userConfig field reads back with {@code CONFIG GET} as the spec set it, and so does the seed's
 * usage example.
 */
class AivenRedisConfIT {
  private static final SpecParser PARSER = SpecParser.standard(SpecParserOptions.defaults());

  @TempDir Path root;
  private LoopbackRedisSet set;

  @BeforeEach
  void requireRedis() {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-cli", "redis-tools");
  }

  @AfterEach
  void stopEverything() {
    if (set != null) {
      set.close();
    }
  }

  private LoopbackRedisQueries boot(RedisSpec spec) {
    DesiredState state = RedisRenderer.render(spec, RedisTestSpecs.OPTIONS);
    set = new LoopbackRedisSet(state, 1, root);
    set.startRedisPods(0);
    return new LoopbackRedisQueries(set, spec.ref().name(), 1);
  }

  private static RedisSpec parse(String name, String yaml) {
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of(name, yaml)));
    assertThat(result.errors()).isEmpty();
    return (RedisSpec) result.specs().get(0);
  }

  private static String value(LoopbackRedisQueries pods, String directive) {
    String reply = pods.redis(0, "CONFIG", "GET", directive);
    List<String> lines = reply.lines().toList();
    // The directive's name, then its value; redis-cli prints an empty value as nothing.
    assertThat(lines).as("CONFIG GET %s", directive).isNotEmpty().first().isEqualTo(directive);
    return String.join("\n", lines.subList(1, lines.size()));
  }

  @Test
  void everyRedisConfFieldOfUserConfigReadsBackFromTheRunningServer() {
    RedisSpec spec =
        parse(
            "tuned.yaml",
            """
            apiVersion: aiven.io/v1alpha1
            kind: Redis
            metadata:
              name: tuned
            spec:
              project: shop
              plan: startup-1
              userConfig:
                redis_maxmemory_policy: volatile-lfu
                redis_lfu_decay_time: 7
                redis_lfu_log_factor: 25
                redis_io_threads: 2
                redis_number_of_databases: 40
                redis_notify_keyspace_events: KEg$x
                redis_timeout: 900
                redis_pubsub_client_output_buffer_limit: 64
                redis_persistence: rdb
            """);
    LoopbackRedisQueries pods = boot(spec);

    assertThat(value(pods, "maxmemory-policy")).isEqualTo("volatile-lfu");
    assertThat(value(pods, "lfu-decay-time")).isEqualTo("7");
    assertThat(value(pods, "lfu-log-factor")).isEqualTo("25");
    assertThat(value(pods, "io-threads")).isEqualTo("2");
    assertThat(value(pods, "databases")).isEqualTo("40");
    // Redis reads "KEg$x" as keyspace and keyevent notices of generic, string and expired events.
    assertThat(value(pods, "notify-keyspace-events")).contains("K", "E", "g", "$", "x");
    assertThat(value(pods, "timeout")).isEqualTo("900");
    assertThat(value(pods, "client-output-buffer-limit"))
        .contains("pubsub " + 64L * 1024 * 1024 + " " + 16L * 1024 * 1024 + " 60");
    assertThat(value(pods, "save")).isEqualTo("600 1");
    assertThat(value(pods, "appendonly")).isEqualTo("no");
    // Startup-1: one GiB of memory, of which maxmemory takes 70 %.
    assertThat(value(pods, "maxmemory")).isEqualTo(Long.toString(716L * 1024 * 1024));
    assertThat(pods.redis(0, "SELECT", "39")).isEqualTo("OK");
  }

  @Test
  void persistenceOffWritesNoSnapshotsAndNoAppendOnlyFile() {
    RedisSpec spec =
        parse(
            "off.yaml",
            """
            apiVersion: aiven.io/v1alpha1
            kind: Valkey
            metadata:
              name: volatile
            spec:
              project: shop
              plan: hobbyist
              userConfig:
                valkey_persistence: "off"
                valkey_maxmemory_policy: allkeys-lru
            """);
    LoopbackRedisQueries pods = boot(spec);

    assertThat(value(pods, "save")).isEmpty();
    assertThat(value(pods, "appendonly")).isEqualTo("no");
    assertThat(value(pods, "maxmemory-policy")).isEqualTo("allkeys-lru");
  }

  @Test
  void theSeedsUsageExampleRunsWithItsEvictionPolicy() throws IOException {
    Path seed = Path.of("src", "test", "resources", "spec", "aiven", "seed-usage-example.yaml");
    LoopbackRedisQueries pods = boot(parse("seed.yaml", Files.readString(seed)));

    assertThat(value(pods, "maxmemory-policy")).isEqualTo("allkeys-random");
    assertThat(pods.redis(0, "SET", "k", "v")).isEqualTo("OK");
  }
}
