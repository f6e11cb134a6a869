package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import io.mooring.core.testing.RealBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Hera RedisInstance booted from its rendered objects on a real redis-server. */
class HeraRedisInstanceBootIT {
  @TempDir Path root;
  private LoopbackRedisSet set;

  @BeforeEach
  void binaries() {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-cli", "redis-tools");
  }

  @AfterEach
  void stop() {
    if (set != null) {
      set.close();
    }
  }

  private String boot(String yaml) {
    RedisSpec spec =
        (RedisSpec)
            SpecParser.standard(SpecParserOptions.defaults())
                .parse(List.of(SpecFile.of("app.yaml", yaml)))
                .specs()
                .get(0);
    DesiredState state = RedisRenderer.render(spec, RedisTestSpecs.OPTIONS);
    set = new LoopbackRedisSet(state, 1, root);
    set.startRedis(0);
    return LoopbackRedisSet.redisAddress(0);
  }

  @Test
  void theSeedsInstanceIsAPasswordProtectedMasterWritingItsAppendOnlyFile() throws IOException {
    String address =
        boot(Files.readString(Path.of("src/test/resources/spec/hera/seed-redis-instance.yaml")));

    assertThat(RedisCli.call(set.password(), address, set.redisPort, "SET", "k", "v"))
        .isEqualTo("OK");
    assertThat(RedisCli.call(set.password(), address, set.redisPort, "CONFIG", "GET", "appendonly"))
        .isEqualTo("appendonly\nyes");
    // 512Mi limit: 70 % as maxmemory.
    assertThat(RedisCli.call(set.password(), address, set.redisPort, "CONFIG", "GET", "maxmemory"))
        .isEqualTo("maxmemory\n" + 358L * 1024 * 1024);
    assertThat(RedisCli.call(null, address, set.redisPort, "GET", "k")).contains("NOAUTH");
  }

  @Test
  void withoutPersistenceItWritesNeitherAnAppendOnlyFileNorSnapshots() throws IOException {
    String address =
        boot(
            """
            apiVersion: cache.hera.io/v1alpha1
            kind: RedisInstance
            metadata:
              name: scratch
            spec:
              version: "7.0"
              persistence:
                enabled: false
            """);

    assertThat(RedisCli.call(set.password(), address, set.redisPort, "SET", "k", "v"))
        .isEqualTo("OK");
    assertThat(RedisCli.call(set.password(), address, set.redisPort, "CONFIG", "GET", "appendonly"))
        .isEqualTo("appendonly\nno");
    assertThat(RedisCli.call(set.password(), address, set.redisPort, "CONFIG", "GET", "save"))
        .isEqualTo("save");
    try (Stream<Path> files = Files.list(root.resolve("redis-0").resolve("data"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith("appendonly") || name.endsWith(".rdb"));
    }
  }
}
