package io.mooring.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.core.kube.Applier;
import io.mooring.core.kube.RetryPolicy;
import io.mooring.core.redisops.RollPods;
import io.mooring.core.redisops.RollProgress;
import io.mooring.sandbox.ApplyingMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Against an API server: which pods run the update revision, deleting one, and the roll record on
 * the StatefulSet.
 */
class StatefulSetRollPodsTest {
  private static final Map<String, String> SELECTOR = Map.of("app", "cache-redis");

  private final ApplyingMockServer server = new ApplyingMockServer();
  private final KubernetesClient client = server.createClient();
  private final Applier applier =
      new Applier(
          client,
          new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5)));

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  private StatefulSet set() {
    StatefulSet set =
        client
            .resource(
                new StatefulSetBuilder()
                    .withNewMetadata()
                    .withName("cache-redis")
                    .withNamespace("tenant-x")
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(3)
                    .withNewSelector()
                    .withMatchLabels(SELECTOR)
                    .endSelector()
                    .withNewUpdateStrategy()
                    .withType("OnDelete")
                    .endUpdateStrategy()
                    .endSpec()
                    .withNewStatus()
                    .withUpdateRevision("cache-redis-new")
                    .withCurrentRevision("cache-redis-old")
                    .endStatus()
                    .build())
            .create();
    pod(0, "cache-redis-new");
    pod(1, "cache-redis-old");
    // Ordinal 2 was deleted and is not back yet.
    return set;
  }

  private Pod pod(int ordinal, String revision) {
    return client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("cache-redis-" + ordinal)
                .withNamespace("tenant-x")
                .addToLabels(SELECTOR)
                .addToLabels("controller-revision-hash", revision)
                .endMetadata()
                .build())
        .create();
  }

  @Test
  void aPodIsUpdatedWhenItsRevisionLabelIsTheUpdateRevisionAndAMissingPodIsNot() {
    RollPods pods = new StatefulSetRollPods(client, applier, set());

    assertThat(pods.updateRevision()).isEqualTo("cache-redis-new");
    assertThat(pods.pods())
        .containsExactly(
            new RollPods.Pod("cache-redis-0", 0, true),
            new RollPods.Pod("cache-redis-1", 1, false),
            new RollPods.Pod("cache-redis-2", 2, false));
  }

  @Test
  void aRestartDeletesThePodAndTheRecordSurvivesOnTheStatefulSetUntilCleared() {
    RollPods pods = new StatefulSetRollPods(client, applier, set());

    pods.restart("cache-redis-1");
    assertThat(client.pods().inNamespace("tenant-x").withName("cache-redis-1").get()).isNull();
    assertThat(client.pods().inNamespace("tenant-x").withName("cache-redis-0").get()).isNotNull();

    RollProgress progress =
        new RollProgress(
            "cache-redis-new",
            RollProgress.Step.RESTART,
            "cache-redis-1",
            Instant.parse("2026-01-01T00:00:00Z"));
    pods.record(Optional.of(progress));
    RollPods afterRestartOfMooring =
        new StatefulSetRollPods(
            client,
            applier,
            client.apps().statefulSets().inNamespace("tenant-x").withName("cache-redis").get());
    assertThat(afterRestartOfMooring.recorded()).contains(progress);

    pods.record(Optional.empty());
    assertThat(afterRestartOfMooring.recorded()).isEmpty();
    assertThat(
            client
                .apps()
                .statefulSets()
                .inNamespace("tenant-x")
                .withName("cache-redis")
                .get()
                .getMetadata()
                .getAnnotations())
        .doesNotContainKey(RollProgress.ANNOTATION);
  }
}
