package io.mooring.core.rediscluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.core.kube.Applier;
import io.mooring.core.kube.RetryPolicy;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.sandbox.ApplyingMockServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The progress of a change lives on the first shard's StatefulSet, where any Mooring reads it. */
class StatefulSetProgressStoreTest {
  private static final AppRef APP = new AppRef(AppKind.REDIS, "shop", "sessions");
  private final ApplyingMockServer server = new ApplyingMockServer();
  private final KubernetesClient client = server.createClient();
  private final Applier applier =
      new Applier(
          client,
          new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2)));

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  private ProgressStore store() {
    return new StatefulSetProgressStore(client, applier, app -> app.name() + "-shard-0");
  }

  @Test
  void aSecondMooringReadsWhatTheFirstRecorded() {
    client
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName("sessions-shard-0")
                .withNamespace("shop")
                .addToAnnotations("kept", "yes")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .endSpec()
                .build())
        .create();
    assertThat(store().load(APP)).isEqualTo(ClusterProgress.NONE);

    ClusterProgress progress =
        ClusterProgress.NONE.starting("4x1", "MoveSlots", "move 128 slots").moved(300);
    store().save(APP, progress);

    assertThat(store().load(APP)).isEqualTo(progress);
    StatefulSet live =
        client.apps().statefulSets().inNamespace("shop").withName("sessions-shard-0").get();
    assertThat(live.getMetadata().getAnnotations())
        .containsEntry("kept", "yes")
        .containsKey(StatefulSetProgressStore.ANNOTATION);
    assertThat(progress.starting("3x1", "MoveSlots", "").slotsMoved())
        .as("a new change counts from zero")
        .isZero();
  }

  @Test
  void withoutTheStatefulSetNothingIsRecorded() {
    assertThatThrownBy(() -> store().save(APP, ClusterProgress.NONE))
        .hasMessageContaining("shop/sessions-shard-0 does not exist");
  }

  @Test
  void anUnreadableRecordCountsAsNone() {
    assertThat(ClusterProgress.fromJson("{not json")).isEqualTo(ClusterProgress.NONE);
  }
}
