package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.testing.Golden;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RedisRendererGoldenTest {

  static Stream<Arguments> cases() {
    return RedisTestSpecs.cases().entrySet().stream()
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersTheCaseAsInItsGoldenFile(String name, RedisSpec spec) {
    DesiredState state = RedisRenderer.render(spec, RedisTestSpecs.OPTIONS);
    Golden.assertMatches("redis/" + name + ".yaml", state.objects());
  }

  @ParameterizedTest
  @EnumSource(ResourcePreset.class)
  void eachPresetSizesTheRedisContainer(ResourcePreset preset) {
    StatefulSet set =
        statefulSet(
            RedisRenderer.render(RedisTestSpecs.withPreset(preset), RedisTestSpecs.OPTIONS));
    Golden.assertMatches("redis/preset-" + preset.id() + ".yaml", List.of(set));
    var limits =
        set.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits();
    assertThat(limits.get("memory")).isEqualTo(preset.resources().memoryLimit());
    assertThat(limits.get("cpu")).isEqualTo(preset.resources().cpuLimit());
  }

  @Test
  void theSeedChartsComponentsAndDisruptionBudgetsAreRendered() {
    List<String> kindsAndNames =
        RedisRenderer.render(RedisTestSpecs.seedEmptySpec(), RedisTestSpecs.OPTIONS)
            .objects()
            .stream()
            .map(o -> o.getKind() + "/" + o.getMetadata().getName())
            .toList();
    assertThat(kindsAndNames)
        .containsExactly(
            "Secret/example-redis-auth",
            "ConfigMap/example-redis-config",
            "ConfigMap/example-sentinel-config",
            "Service/example-redis",
            "Service/example-redis-exporter",
            "Service/example-redis-headless",
            "Service/example-sentinel",
            "StatefulSet/example-redis",
            "Deployment/example-redis-exporter",
            "Deployment/example-sentinel",
            "PodDisruptionBudget/example-redis",
            "PodDisruptionBudget/example-sentinel");
  }

  @Test
  void aStandaloneRedisHasNoSentinel() {
    DesiredState state =
        RedisRenderer.render(RedisTestSpecs.cases().get("standalone"), RedisTestSpecs.OPTIONS);
    assertThat(state.objects()).noneMatch(o -> o.getMetadata().getName().contains("sentinel"));
    String conf = configMapData(state, "example-redis-config", "redis.conf");
    assertThat(conf).doesNotContain("min-replicas-to-write");
  }

  @Test
  void replicatedRedisRefusesWritesWithoutAReplica() {
    DesiredState state =
        RedisRenderer.render(RedisTestSpecs.seedEmptySpec(), RedisTestSpecs.OPTIONS);
    assertThat(configMapData(state, "example-redis-config", "redis.conf"))
        .contains("min-replicas-to-write 1\n", "min-replicas-max-lag 5\n", "appendonly yes\n");
  }

  @Test
  void onlyAConfigChangeChangesThePodTemplateHash() {
    RedisSpec base = RedisTestSpecs.seedEmptySpec();
    String hash = configHash(base);
    RedisSpec resized = RedisTestSpecs.spec("example", 2, base.resources(), "5Gi", "", false, true);
    RedisSpec moreReplicas =
        RedisTestSpecs.spec("example", 3, base.resources(), "1Gi", "", false, true);
    RedisSpec standalone =
        RedisTestSpecs.spec("example", 1, base.resources(), "1Gi", "", false, true);
    assertThat(configHash(resized)).isEqualTo(hash);
    assertThat(configHash(moreReplicas)).isEqualTo(hash);
    // Leaving Sentinel behind changes redis.conf (no split-brain guard without replicas): that
    // rolls.
    assertThat(configHash(standalone)).isNotEqualTo(hash);
  }

  private static String configHash(RedisSpec spec) {
    return statefulSet(RedisRenderer.render(spec, RedisTestSpecs.OPTIONS))
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("mooring.io/config-hash");
  }

  static StatefulSet statefulSet(DesiredState state) {
    return state.objects().stream()
        .filter(StatefulSet.class::isInstance)
        .map(StatefulSet.class::cast)
        .findFirst()
        .orElseThrow();
  }

  static String configMapData(DesiredState state, String name, String key) {
    HasMetadata object =
        state.objects().stream()
            .filter(o -> o.getKind().equals("ConfigMap") && o.getMetadata().getName().equals(name))
            .findFirst()
            .orElseThrow();
    return ((io.fabric8.kubernetes.api.model.ConfigMap) object).getData().get(key);
  }
}
