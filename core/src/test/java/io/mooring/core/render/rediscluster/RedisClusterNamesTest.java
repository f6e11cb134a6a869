package io.mooring.core.render.rediscluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.RedisClusterSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisClusterNamesTest {
  private static final int KUBERNETES_NAME_LIMIT = 63;

  /**
   * The StatefulSet controller labels each pod {@code controller-revision-hash: <set name>-<up to
   * 10 chars>}.
   */
  private static final int REVISION_HASH_SUFFIX = 11;

  @Test
  void anAppNameOfTheAllowedLengthWithTheMostShardsYieldsNamesWithinKubernetesLimits() {
    String name = "a".repeat(AppKind.REDIS_CLUSTER.maxNameLength());
    int masters = RedisClusterSpec.MAX_MASTERS;
    int replicasPerMaster = 9;
    DesiredState state =
        RedisClusterRenderer.render(
            RedisClusterTestSpecs.spec(name, masters, replicasPerMaster, true),
            RedisClusterTestSpecs.OPTIONS);

    List<String> names = new ArrayList<>();
    List<String> labelValues = new ArrayList<>();
    for (HasMetadata object : state.objects()) {
      names.add(object.getMetadata().getName());
      labelValues.addAll(object.getMetadata().getLabels().values());
    }
    RedisClusterNames clusterNames = new RedisClusterNames(state.app(), "cluster.local");
    for (StatefulSet set : RedisClusterRendererGoldenTest.shards(state)) {
      labelValues.addAll(set.getSpec().getTemplate().getMetadata().getLabels().values());
      labelValues.add(set.getMetadata().getName() + "-" + "x".repeat(REVISION_HASH_SUFFIX - 1));
    }
    for (int shard = 0; shard < masters; shard++) {
      for (int ordinal = 0; ordinal <= replicasPerMaster; ordinal++) {
        // A pod's hostname is its name, and the StatefulSet labels each pod with it.
        names.add(clusterNames.pod(shard, ordinal));
      }
    }

    assertThat(names)
        .allSatisfy(n -> assertThat(n).hasSizeLessThanOrEqualTo(KUBERNETES_NAME_LIMIT));
    assertThat(labelValues)
        .allSatisfy(v -> assertThat(v).hasSizeLessThanOrEqualTo(KUBERNETES_NAME_LIMIT));
    // The longest derivation uses the whole budget, so the limit is not looser than it must be.
    assertThat(labelValues.stream().mapToInt(String::length).max().orElseThrow())
        .isEqualTo(KUBERNETES_NAME_LIMIT);
  }

  @Test
  void nodesHaveStableDnsNamesUnderOneHeadlessServiceForAllShards() {
    RedisClusterNames names =
        new RedisClusterNames(RedisClusterTestSpecs.seed().ref(), "cluster.local");
    assertThat(names.podFqdn(2, 1))
        .isEqualTo(
            "my-redis-cluster-shard-2-1.my-redis-cluster-cluster-headless.default.svc.cluster.local");
  }
}
