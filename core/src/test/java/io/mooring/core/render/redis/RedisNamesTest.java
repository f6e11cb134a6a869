package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.ComputeResources;
import io.mooring.core.spec.ResourcePreset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisNamesTest {
  private static final int KUBERNETES_NAME_LIMIT = 63;

  /**
   * The StatefulSet controller labels each pod {@code controller-revision-hash: <set name>-<up to
   * 10 chars>}.
   */
  private static final int REVISION_HASH_SUFFIX = 11;

  @Test
  void anAppNameOfTheAllowedLengthYieldsNamesWithinKubernetesLimits() {
    String name = "a".repeat(AppKind.REDIS.maxNameLength());
    ComputeResources resources = ResourcePreset.DEFAULT.resources();
    int replicas = 9;
    DesiredState state =
        RedisRenderer.render(
            RedisTestSpecs.spec(name, replicas, resources, "1Gi", "", true, true),
            RedisTestSpecs.OPTIONS);

    List<String> names = new ArrayList<>();
    List<String> labelValues = new ArrayList<>();
    for (HasMetadata object : state.objects()) {
      names.add(object.getMetadata().getName());
      labelValues.addAll(object.getMetadata().getLabels().values());
    }
    StatefulSet set = RedisRendererGoldenTest.statefulSet(state);
    labelValues.addAll(set.getSpec().getTemplate().getMetadata().getLabels().values());
    RedisNames redisNames = new RedisNames(state.app(), "cluster.local");
    for (int ordinal = 0; ordinal < replicas; ordinal++) {
      // A pod's hostname is its name, and the StatefulSet labels each pod with it.
      names.add(redisNames.pod(ordinal));
    }
    labelValues.add(set.getMetadata().getName() + "-" + "x".repeat(REVISION_HASH_SUFFIX - 1));

    assertThat(names)
        .allSatisfy(n -> assertThat(n).hasSizeLessThanOrEqualTo(KUBERNETES_NAME_LIMIT));
    assertThat(labelValues)
        .allSatisfy(v -> assertThat(v).hasSizeLessThanOrEqualTo(KUBERNETES_NAME_LIMIT));
    // The longest derivation uses the whole budget but one, so the limit is not looser than it must
    // be.
    int longest =
        Math.max(
            names.stream().mapToInt(String::length).max().orElseThrow(),
            labelValues.stream().mapToInt(String::length).max().orElseThrow());
    assertThat(longest).isGreaterThan(KUBERNETES_NAME_LIMIT - 10);
  }

  @Test
  void podNamesAreStableDnsNamesUnderTheHeadlessService() {
    RedisNames names = new RedisNames(RedisTestSpecs.seedEmptySpec().ref(), "cluster.local");
    assertThat(names.podFqdn(1))
        .isEqualTo("example-redis-1.example-redis-headless.default.svc.cluster.local");
    assertThat(names.sentinelFqdn()).isEqualTo("example-sentinel.default.svc.cluster.local");
    assertThat(Map.of("secret", names.authSecret(), "exporter", names.exporter()))
        .containsEntry("secret", "example-redis-auth")
        .containsEntry("exporter", "example-redis-exporter");
  }
}
