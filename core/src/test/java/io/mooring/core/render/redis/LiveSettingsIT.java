package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.redis.RedisLiveSettings;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.testing.RealBinaries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A changed redis.conf whose directives Redis takes at runtime reaches a server booted from the
 * rendered config with CONFIG SET, logged in with the password of the rendered Secret.
 */
class LiveSettingsIT {
  @TempDir Path root;
  private LoopbackRedisSet set;

  @AfterEach
  void stop() {
    if (set != null) {
      set.close();
    }
  }

  @Test
  void liveDirectivesAreSetOnTheRunningServer() {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-cli", "redis-tools");
    RedisSpec spec =
        RedisTestSpecs.spec("cache", 1, ResourcePreset.DEFAULT.resources(), "1Gi", "", false, true);
    DesiredState state = RedisRenderer.render(spec, RedisTestSpecs.OPTIONS);
    set = new LoopbackRedisSet(state, 1, root);
    set.startRedis(0);
    String before =
        state.objects().stream()
            .filter(ConfigMap.class::isInstance)
            .map(ConfigMap.class::cast)
            .filter(config -> config.getData().containsKey("redis.conf"))
            .findFirst()
            .orElseThrow()
            .getData()
            .get("redis.conf");
    String after =
        before.replaceAll("(?m)^maxmemory-policy .*$", "maxmemory-policy allkeys-random")
            + "notify-keyspace-events Ex\n";

    Map<ObjectKey, HasMetadata> objects = new HashMap<>();
    state.objects().forEach(object -> objects.put(ObjectKey.of(object), object));
    new RedisLiveSettings(
            objects::get,
            names -> LoopbackRedisSet::redisAddress,
            "cluster.local",
            set.redisPort,
            Duration.ofSeconds(5))
        .apply(spec.ref(), 1, before, after);

    String address = LoopbackRedisSet.redisAddress(0);
    assertThat(
            RedisCli.call(
                set.password(), address, set.redisPort, "CONFIG", "GET", "maxmemory-policy"))
        .contains("allkeys-random");
    assertThat(
            RedisCli.call(
                set.password(), address, set.redisPort, "CONFIG", "GET", "notify-keyspace-events"))
        .containsAnyOf("xE", "Ex");
  }
}
