package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.ComputeResources;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.ResourcePreset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The write guard and the memory ceiling as they reach redis.conf. */
class RedisConfigRulesTest {

  @ParameterizedTest(name = "{0} pods need {1} replicas to take writes")
  @CsvSource({"2, 0", "3, 1", "4, 1", "5, 2", "7, 3"})
  void aMasterNeedsEnoughReplicasToMakeHalfThePodsButNeverTheOnlyOne(
      int replicas, int minReplicas) {
    String conf = redisConf(spec(replicas, ResourcePreset.DEFAULT.resources()));

    assertThat(conf)
        .contains("\nmin-replicas-to-write " + minReplicas + "\n")
        .contains("\nmin-replicas-max-lag 10\n");
  }

  @ParameterizedTest(name = "a {0} limit gives maxmemory {1}")
  @CsvSource({
    "128Mi, 89mb",
    "256Mi, 179mb",
    "1Gi, 716mb",
    "4Gi, 2867mb",
    "8Gi, 5734mb",
    "1000M, 667mb",
    "1Mi, 1mb"
  })
  void maxmemoryIsSeventyPercentOfTheMemoryLimitAndAFullRedisRefusesWrites(
      String limit, String maxmemory) {
    ComputeResources resources = ComputeResources.explicit(new Quantity("1"), new Quantity(limit));
    for (int replicas : new int[] {1, 3}) {
      assertThat(redisConf(spec(replicas, resources)))
          .contains("\nmaxmemory " + maxmemory + "\n")
          .contains("\nmaxmemory-policy noeviction\n");
    }
  }

  @ParameterizedTest(name = "preset {0}")
  @CsvSource({"nano, 89mb", "medium, 716mb", "2xlarge, 5734mb"})
  void eachPresetsMemoryLimitSetsMaxmemory(String preset, String maxmemory) {
    ComputeResources resources = ResourcePreset.fromId(preset).orElseThrow().resources();
    assertThat(redisConf(spec(2, resources))).contains("\nmaxmemory " + maxmemory + "\n");
  }

  private static RedisSpec spec(int replicas, ComputeResources resources) {
    return RedisTestSpecs.spec("example", replicas, resources, "1Gi", "", false, true);
  }

  private static String redisConf(RedisSpec spec) {
    DesiredState state = RedisRenderer.render(spec, RedisTestSpecs.OPTIONS);
    return RedisRendererGoldenTest.configMapData(state, "example-redis-config", "redis.conf");
  }
}
