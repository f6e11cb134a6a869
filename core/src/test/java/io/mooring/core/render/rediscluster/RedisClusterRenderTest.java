package io.mooring.core.render.rediscluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.RedisClusterSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the orchestration and the cluster's users rely on in the rendered objects. */
class RedisClusterRenderTest {
  private static DesiredState render(RedisClusterSpec spec) {
    return RedisClusterRenderer.render(spec, RedisClusterTestSpecs.OPTIONS);
  }

  @Test
  void eachShardIsAStatefulSetOfAMasterAndItsReplicasSelectingOnlyItsOwnPods() {
    List<StatefulSet> shards =
        RedisClusterRendererGoldenTest.shards(render(RedisClusterTestSpecs.spec("c", 4, 2, true)));

    assertThat(shards).hasSize(4);
    Set<Map<String, String>> selectors = new HashSet<>();
    for (int shard = 0; shard < shards.size(); shard++) {
      StatefulSet set = shards.get(shard);
      assertThat(set.getMetadata().getName()).isEqualTo("c-shard-" + shard);
      assertThat(set.getSpec().getReplicas()).isEqualTo(3);
      assertThat(set.getSpec().getServiceName()).isEqualTo("c-cluster-headless");
      Map<String, String> selector = set.getSpec().getSelector().getMatchLabels();
      assertThat(selector).containsEntry(RedisClusterLabels.SHARD, Integer.toString(shard));
      assertThat(set.getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(selector);
      assertThat(set.getMetadata().getLabels())
          .containsEntry(RedisClusterLabels.SHARD, Integer.toString(shard));
      // A master and its replicas prefer different nodes.
      assertThat(
              set.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getAffinity()
                  .getPodAntiAffinity()
                  .getPreferredDuringSchedulingIgnoredDuringExecution()
                  .get(0)
                  .getPodAffinityTerm()
                  .getLabelSelector()
                  .getMatchLabels())
          .isEqualTo(selector);
      selectors.add(selector);
    }
    assertThat(selectors).hasSize(4);
  }

  @Test
  void oneBudgetLetsAtMostOneNodeOfTheWholeClusterGoAndTheServicesReachEveryShard() {
    DesiredState state = render(RedisClusterTestSpecs.spec("c", 3, 1, true));
    PodDisruptionBudget budget =
        state.objects().stream()
            .filter(PodDisruptionBudget.class::isInstance)
            .map(PodDisruptionBudget.class::cast)
            .findFirst()
            .orElseThrow();
    Map<String, String> allNodes = RedisClusterLabels.nodes(state.app());

    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(allNodes);
    assertThat(
            state.objects().stream()
                .filter(Service.class::isInstance)
                .map(Service.class::cast)
                .filter(s -> !s.getMetadata().getName().endsWith("-exporter")))
        .allSatisfy(s -> assertThat(s.getSpec().getSelector()).isEqualTo(allNodes))
        .anySatisfy(
            s -> {
              assertThat(s.getSpec().getClusterIP()).isEqualTo("None");
              assertThat(s.getSpec().getPublishNotReadyAddresses()).isTrue();
              assertThat(s.getSpec().getPorts())
                  .extracting(p -> p.getName() + ":" + p.getPort())
                  .containsExactly("redis:6379", "cluster-bus:16379");
            });
  }

  @Test
  void scalingMastersOrReplicasRollsNoPodAndAddsEveryNewNodeToTheScrapeTargets() {
    DesiredState three = render(RedisClusterTestSpecs.spec("c", 3, 1, true));
    DesiredState four = render(RedisClusterTestSpecs.spec("c", 4, 2, true));

    assertThat(configHash(four)).isEqualTo(configHash(three));
    assertThat(config(four)).isEqualTo(config(three));
    String targets =
        service(four, "c-cluster-exporter")
            .getMetadata()
            .getAnnotations()
            .get(RedisClusterExporterModel.SCRAPE_TARGETS_ANNOTATION);
    assertThat(targets.split(","))
        .hasSize(12)
        .contains("redis://c-shard-3-2.c-cluster-headless.default.svc.cluster.local:6379");
  }

  @Test
  void theConfigEnablesClusterModeWithHostnamesOnTheBusPortAndPersistenceFollowsTheSpec() {
    String persistent =
        config(render(RedisClusterTestSpecs.spec("c", 3, 1, true))).get("redis.conf");
    String volatileConf =
        config(render(RedisClusterTestSpecs.spec("c", 3, 1, false))).get("redis.conf");

    assertThat(persistent)
        .contains(
            "cluster-enabled yes\n",
            "cluster-port 16379\n",
            "cluster-preferred-endpoint-type hostname\n",
            "appendonly yes\n")
        .doesNotContain("requirepass");
    assertThat(volatileConf).contains("appendonly no\n", "save \"\"\n");
    String start = config(render(RedisClusterTestSpecs.spec("c", 3, 1, true))).get("start.sh");
    assertThat(start)
        .contains(
            "HEADLESS_DOMAIN='c-cluster-headless.default.svc.cluster.local'",
            "cluster-announce-hostname $self",
            "cluster-config-file $nodes",
            "masterauth $REDIS_PASSWORD");
  }

  private static String configHash(DesiredState state) {
    return RedisClusterRendererGoldenTest.shards(state)
        .get(0)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("mooring.io/config-hash");
  }

  private static Map<String, String> config(DesiredState state) {
    return state.objects().stream()
        .filter(ConfigMap.class::isInstance)
        .map(ConfigMap.class::cast)
        .findFirst()
        .orElseThrow()
        .getData();
  }

  private static Service service(DesiredState state, String name) {
    return state.objects().stream()
        .filter(Service.class::isInstance)
        .map(Service.class::cast)
        .filter(s -> s.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
