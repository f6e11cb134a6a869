package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import io.mooring.core.testing.RealBinaries;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Redis app of the examples, rendered with the default options and booted on real
 * redis-server (and, when highly available, redis-sentinel) processes on loopback, one app after
 * the other: the master answers and takes a write with the rendered password, and every replica
 * reports its link to the master up.
 */
class RedisExamplesBootIT {
  @TempDir Path workDir;

  @Test
  void everyRedisExampleBootsWithItsPasswordAndItsReplicas() throws IOException {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-sentinel", "redis-sentinel");
    RealBinaries.require("redis-cli", "redis-tools");
    SpecParseResult parsed =
        SpecParser.standard(SpecParserOptions.defaults())
            .parsePaths(List.of(Path.of("..", "examples")));
    assertThat(parsed.errors()).isEmpty();
    List<RedisSpec> apps =
        parsed.specs().stream()
            .filter(RedisSpec.class::isInstance)
            .map(RedisSpec.class::cast)
            .toList();
    assertThat(apps)
        .hasSize(6)
        .anyMatch(spec -> !spec.authEnabled())
        .anyMatch(spec -> !spec.highlyAvailable());

    Renderer renderer = new Renderer(RenderOptions.defaults());
    for (RedisSpec spec : apps) {
      DesiredState state = renderer.render(spec);
      Path root = workDir.resolve(spec.ref().namespace()).resolve(spec.ref().name());
      try (LoopbackRedisSet set = new LoopbackRedisSet(state, spec.replicas(), root)) {
        bootAndCheck(spec, set);
      }
    }
  }

  private static void bootAndCheck(RedisSpec spec, LoopbackRedisSet set) {
    String app = spec.ref().toString();
    String password = set.password();
    assertThat(password != null).as(app).isEqualTo(spec.authEnabled());
    set.startRedisPods(IntStream.range(0, spec.replicas()).toArray());
    if (spec.highlyAvailable()) {
      IntStream.range(0, RedisContext.SENTINELS).forEach(set::startSentinel);
    }
    // A brand-new set starts with ordinal 0 as master.
    String master = LoopbackRedisSet.redisAddress(0);
    assertThat(RedisCli.call(password, master, set.redisPort, "PING")).as(app).isEqualTo("PONG");
    assertThat(
            RedisCli.infoField(
                RedisCli.call(password, master, set.redisPort, "INFO", "replication"), "role"))
        .as(app)
        .isEqualTo("master");
    for (int ordinal = 1; ordinal < spec.replicas(); ordinal++) {
      String replica = LoopbackRedisSet.redisAddress(ordinal);
      await(app + " replica " + ordinal + " links to the master")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  "up"
                      .equals(
                          RedisCli.infoField(
                              RedisCli.call(
                                  password, replica, set.redisPort, "INFO", "replication"),
                              "master_link_status")));
    }
    // With replicas, the split-brain guard takes a write once a replica has acknowledged.
    await(app + " master takes a write")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> "OK".equals(RedisCli.call(password, master, set.redisPort, "SET", "boot", app)));
    assertThat(RedisCli.call(password, master, set.redisPort, "GET", "boot"))
        .as(app)
        .isEqualTo(app);
  }
}
