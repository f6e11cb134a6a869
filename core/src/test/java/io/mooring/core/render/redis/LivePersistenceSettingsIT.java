package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.redis.RedisLiveSettings;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import io.mooring.core.testing.RealBinaries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code persistence.aof.fsync} and {@code persistence.rdb.save} changed in git reach a running
 * server booted from the rendered config with CONFIG SET, without a restart: the fsync policy, a
 * new list of save points, and no snapshots at all ({@code save: ""}).
 */
class LivePersistenceSettingsIT {
  private static final String SPEC =
      """
      apiVersion: cache.hera.io/v1alpha1
      kind: RedisInstance
      metadata: {name: orders, namespace: shop}
      spec:
        persistence:
          aof: {enabled: true, fsync: "FSYNC"}
          rdb: {save: "SAVE"}
      """;

  @TempDir Path root;
  private LoopbackRedisSet set;

  @AfterEach
  void stop() {
    if (set != null) {
      set.close();
    }
  }

  private static RedisSpec spec(String fsync, String save) {
    SpecParseResult parsed =
        SpecParser.standard(SpecParserOptions.defaults())
            .parse(
                List.of(
                    SpecFile.of(
                        "apps/orders.yaml", SPEC.replace("FSYNC", fsync).replace("SAVE", save))));
    assertThat(parsed.errors()).isEmpty();
    return (RedisSpec) parsed.specs().get(0);
  }

  private static DesiredState render(RedisSpec spec) {
    return RedisRenderer.render(spec, RedisTestSpecs.OPTIONS);
  }

  private static String redisConf(DesiredState state) {
    return state.objects().stream()
        .filter(ConfigMap.class::isInstance)
        .map(ConfigMap.class::cast)
        .filter(config -> config.getData().containsKey("redis.conf"))
        .findFirst()
        .orElseThrow()
        .getData()
        .get("redis.conf");
  }

  private String config(String directive) {
    return RedisCli.call(
        set.password(),
        LoopbackRedisSet.redisAddress(0),
        set.redisPort,
        "CONFIG",
        "GET",
        directive);
  }

  private String runId() {
    return RedisCli.infoField(
        RedisCli.call(
            set.password(), LoopbackRedisSet.redisAddress(0), set.redisPort, "INFO", "server"),
        "run_id");
  }

  @Test
  void fsyncAndSavePointsChangeOnTheRunningServer() {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-cli", "redis-tools");
    RedisSpec first = spec("everysec", "900 1");
    DesiredState state = render(first);
    set = new LoopbackRedisSet(state, 1, root);
    set.startRedis(0);
    assertThat(config("appendfsync")).contains("everysec");
    assertThat(config("save")).contains("900 1");
    Map<ObjectKey, HasMetadata> objects = new HashMap<>();
    state.objects().forEach(object -> objects.put(ObjectKey.of(object), object));
    RedisLiveSettings live =
        new RedisLiveSettings(
            objects::get,
            names -> LoopbackRedisSet::redisAddress,
            "cluster.local",
            set.redisPort,
            Duration.ofSeconds(5));
    String running = runId();

    String second = redisConf(render(spec("always", "60 100 300 10")));
    live.apply(first.ref(), 1, redisConf(state), second);

    assertThat(config("appendfsync")).contains("always");
    assertThat(config("save")).contains("60 100 300 10");

    live.apply(first.ref(), 1, second, redisConf(render(spec("no", ""))));

    assertThat(config("appendfsync")).contains("no");
    assertThat(config("save")).isEqualTo("save");
    assertThat(runId()).as("the same server process").isEqualTo(running);
  }
}
