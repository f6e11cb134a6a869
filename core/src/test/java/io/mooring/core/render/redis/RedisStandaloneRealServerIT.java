package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.testing.RealBinaries;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code replicas: 1}: one Redis pod, no Sentinel, booted from the rendered objects on loopback.
 */
class RedisStandaloneRealServerIT {
  @TempDir Path root;
  private LoopbackRedisSet set;

  @AfterEach
  void stop() {
    if (set != null) {
      set.close();
    }
  }

  @ParameterizedTest(name = "authEnabled: {0}")
  @ValueSource(booleans = {true, false})
  void aStandaloneRedisIsMasterAcceptsWritesAloneAndKeepsThemAcrossARestart(boolean authEnabled) {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-cli", "redis-tools");
    RedisSpec spec =
        RedisTestSpecs.spec(
            "example", 1, ResourcePreset.DEFAULT.resources(), "1Gi", "", false, authEnabled);
    DesiredState state = RedisRenderer.render(spec, RedisTestSpecs.OPTIONS);
    set = new LoopbackRedisSet(state, 1, root);
    String address = LoopbackRedisSet.redisAddress(0);
    set.startRedis(0);
    assertThat(
            RedisCli.infoField(
                RedisCli.call(set.password(), address, set.redisPort, "INFO", "replication"),
                "role"))
        .isEqualTo("master");
    // No split-brain guard without replicas: a write needs no replica to succeed.
    assertThat(RedisCli.call(set.password(), address, set.redisPort, "SET", "kept", "yes"))
        .isEqualTo("OK");

    set.killRedis(0);
    set.startRedis(0);
    await("the AOF is loaded")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "yes".equals(RedisCli.call(set.password(), address, set.redisPort, "GET", "kept")));
    assertThat(set.password() != null).isEqualTo(authEnabled);
    if (authEnabled) {
      assertThat(RedisCli.call(null, address, set.redisPort, "GET", "kept")).contains("NOAUTH");
    }
    assertThat(set.redisLog(0))
        .contains("starts as master, decided by the role this pod had when it stopped");
  }
}
