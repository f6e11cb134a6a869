package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.ComputeResources;
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
            "Secret/example-redis-conn",
            "ConfigMap/example-redis-config",
            "ConfigMap/example-redis-proxy",
            "ConfigMap/example-sentinel-config",
            "Service/example-redis",
            "Service/example-redis-exporter",
            "Service/example-redis-headless",
            "Service/example-redis-master",
            "Service/example-sentinel",
            "StatefulSet/example-redis",
            "Deployment/example-redis-exporter",
            "Deployment/example-redis-proxy",
            "Deployment/example-sentinel",
            "PodDisruptionBudget/example-redis",
            "PodDisruptionBudget/example-redis-proxy",
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
  void onlyAConfigChangeChangesThePodTemplateHash() {
    RedisSpec base = RedisTestSpecs.spec("example", 3, defaults(), "1Gi", "", false, true);
    String hash = configHash(base);
    RedisSpec resized = RedisTestSpecs.spec("example", 3, defaults(), "5Gi", "", false, true);
    RedisSpec moreReplicas = RedisTestSpecs.spec("example", 4, defaults(), "1Gi", "", false, true);
    RedisSpec twoReplicas = RedisTestSpecs.spec("example", 2, defaults(), "1Gi", "", false, true);
    RedisSpec standalone = RedisTestSpecs.spec("example", 1, defaults(), "1Gi", "", false, true);
    assertThat(configHash(resized)).isEqualTo(hash);
    // Three and four pods need the same one replica to take writes: scaling between them does not
    // roll.
    assertThat(configHash(moreReplicas)).isEqualTo(hash);
    // Two pods need none, one pod runs without Sentinel: the running servers must learn it, so
    // that rolls.
    assertThat(configHash(twoReplicas)).isNotEqualTo(hash);
    assertThat(configHash(standalone)).isNotEqualTo(hash).isNotEqualTo(configHash(twoReplicas));
  }

  private static ComputeResources defaults() {
    return ResourcePreset.DEFAULT.resources();
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
