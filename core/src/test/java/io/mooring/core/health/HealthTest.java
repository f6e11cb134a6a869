package io.mooring.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthTest {

  @Test
  void statefulSetIsHealthyWhenAllReplicasAreReadyOnTheCurrentRevision() {
    assertThat(Health.of(set(3, 3, 3, "r2", "r2")).status()).isEqualTo(HealthStatus.HEALTHY);
  }

  @Test
  void statefulSetIsRollingWhileReplicasMoveToTheNewRevision() {
    ObjectHealth health = Health.of(set(3, 3, 1, "r1", "r2"));
    assertThat(health.status()).isEqualTo(HealthStatus.PROGRESSING);
    assertThat(health.message()).isEqualTo("3/3 ready, rolling: 1/3 updated");
  }

  @Test
  void statefulSetNotYetObservedIsProgressing() {
    StatefulSet set =
        new StatefulSetBuilder(set(3, 3, 3, "r2", "r2"))
            .editMetadata()
            .withGeneration(5L)
            .endMetadata()
            .build();
    assertThat(Health.of(set).status()).isEqualTo(HealthStatus.PROGRESSING);
  }

  @Test
  void deploymentFollowsItsAvailableCondition() {
    DeploymentBuilder base =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("x")
            .withNamespace("n")
            .withGeneration(1L)
            .endMetadata();
    assertThat(
            Health.of(
                    base.withNewStatus()
                        .withObservedGeneration(1L)
                        .addNewCondition()
                        .withType("Available")
                        .withStatus("True")
                        .endCondition()
                        .endStatus()
                        .build())
                .status())
        .isEqualTo(HealthStatus.HEALTHY);
    assertThat(
            Health.of(
                    base.withNewStatus()
                        .withObservedGeneration(1L)
                        .addNewCondition()
                        .withType("Progressing")
                        .withStatus("False")
                        .withReason("ProgressDeadlineExceeded")
                        .endCondition()
                        .endStatus()
                        .build())
                .status())
        .isEqualTo(HealthStatus.DEGRADED);
  }

  @Test
  void claimIsHealthyOnlyWhenBound() {
    PersistentVolumeClaimBuilder claim =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName("data-0")
            .withNamespace("n")
            .endMetadata();
    assertThat(Health.of(claim.withNewStatus().withPhase("Bound").endStatus().build()).status())
        .isEqualTo(HealthStatus.HEALTHY);
    assertThat(Health.of(claim.withNewStatus().withPhase("Pending").endStatus().build()).status())
        .isEqualTo(HealthStatus.PROGRESSING);
    assertThat(Health.of(claim.withNewStatus().withPhase("Lost").endStatus().build()).status())
        .isEqualTo(HealthStatus.DEGRADED);
  }

  @Test
  void anAppIsAsHealthyAsItsWorstObject() {
    List<ObjectHealth> objects =
        Health.ofAll(
            List.of(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("c")
                    .withNamespace("n")
                    .endMetadata()
                    .build(),
                set(3, 1, 3, "r1", "r1")));
    assertThat(Health.overall(objects)).isEqualTo(HealthStatus.PROGRESSING);
    assertThat(Health.overall(List.of())).isEqualTo(HealthStatus.HEALTHY);
  }

  private static StatefulSet set(
      int replicas, int ready, int updated, String current, String update) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName("cache-redis")
        .withNamespace("n")
        .withGeneration(2L)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(2L)
        .withReplicas(replicas)
        .withReadyReplicas(ready)
        .withUpdatedReplicas(updated)
        .withCurrentRevision(current)
        .withUpdateRevision(update)
        .endStatus()
        .build();
  }
}
