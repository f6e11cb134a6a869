package io.mooring.core.render.rediscluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisClusterRendererGoldenTest {

  @Test
  void theSeedsClusterRendersAsInItsGoldenFile() {
    DesiredState state =
        RedisClusterRenderer.render(RedisClusterTestSpecs.seed(), RedisClusterTestSpecs.OPTIONS);
    Golden.assertMatches("redis-cluster/seed.yaml", state.objects());
  }

  @Test
  void withoutPersistenceAShardRunsOnAnEmptyDirWithoutAppendOnlyFile() {
    DesiredState state =
        RedisClusterRenderer.render(
            RedisClusterTestSpecs.spec("scratch", 3, 0, false), RedisClusterTestSpecs.OPTIONS);
    List<HasMetadata> shardAndConfig =
        state.objects().stream()
            .filter(
                o -> o.getMetadata().getName().equals("scratch-shard-0") || o instanceof ConfigMap)
            .toList();
    Golden.assertMatches("redis-cluster/no-persistence.yaml", shardAndConfig);
  }

  @Test
  void theSeedsClusterIsTheseObjects() {
    List<String> kindsAndNames =
        RedisClusterRenderer.render(RedisClusterTestSpecs.seed(), RedisClusterTestSpecs.OPTIONS)
            .objects()
            .stream()
            .map(o -> o.getKind() + "/" + o.getMetadata().getName())
            .toList();
    assertThat(kindsAndNames)
        .containsExactly(
            "Secret/my-redis-cluster-cluster-auth",
            "Secret/my-redis-cluster-cluster-conn",
            "ConfigMap/my-redis-cluster-cluster-config",
            "Service/my-redis-cluster-cluster",
            "Service/my-redis-cluster-cluster-exporter",
            "Service/my-redis-cluster-cluster-headless",
            "StatefulSet/my-redis-cluster-shard-0",
            "StatefulSet/my-redis-cluster-shard-1",
            "StatefulSet/my-redis-cluster-shard-2",
            "Deployment/my-redis-cluster-cluster-exporter",
            "PodDisruptionBudget/my-redis-cluster-cluster");
  }

  static List<StatefulSet> shards(DesiredState state) {
    return state.objects().stream()
        .filter(StatefulSet.class::isInstance)
        .map(StatefulSet.class::cast)
        .toList();
  }
}
