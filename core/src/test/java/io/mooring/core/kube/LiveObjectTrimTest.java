package io.mooring.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mooring.core.health.Health;
import io.mooring.core.health.HealthStatus;
import org.junit.jupiter.api.Test;

/** The cache drops what no diff or health check reads, and keeps what they do. */
class LiveObjectTrimTest {
  @Test
  void managedFieldsAndTheLastAppliedCopyAreDropped() {
    StatefulSet set =
        new StatefulSetBuilder(statefulSet())
            .editMetadata()
            .addToManagedFields(
                new ManagedFieldsEntryBuilder()
                    .withManager("mooring")
                    .withOperation("Apply")
                    .build())
            .addToAnnotations(LiveObjectTrim.LAST_APPLIED, "{\"kind\":\"StatefulSet\"}")
            .addToAnnotations("mooring.io/revision", "abc")
            .endMetadata()
            .build();

    LiveObjectTrim.trim(set);

    assertThat(set.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(set.getMetadata().getAnnotations()).containsOnlyKeys("mooring.io/revision");
  }

  @Test
  void aStatefulSetKeepsWhatItsHealthIsReadFrom() {
    StatefulSet set = statefulSet();
    HealthStatus before = Health.of(set).status();

    LiveObjectTrim.trim(set);

    assertThat(set.getStatus().getConditions()).isNullOrEmpty();
    assertThat(set.getStatus().getReadyReplicas()).isEqualTo(3);
    assertThat(Health.of(set).status()).isEqualTo(before).isEqualTo(HealthStatus.HEALTHY);
    assertThat(set.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
  }

  @Test
  void aServiceKeepsNoStatus() {
    var service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("cache-redis")
            .endMetadata()
            .withNewStatus()
            .withNewLoadBalancer()
            .addNewIngress()
            .withIp("10.0.0.1")
            .endIngress()
            .endLoadBalancer()
            .endStatus()
            .build();

    LiveObjectTrim.trim(service);

    assertThat(service.getStatus()).isNull();
  }

  private static StatefulSet statefulSet() {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withNamespace("team-a")
        .withName("cache-redis")
        .withGeneration(2L)
        .endMetadata()
        .withNewSpec()
        .withReplicas(3)
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("redis")
        .withImage("redis:7")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(2L)
        .withReplicas(3)
        .withReadyReplicas(3)
        .withUpdatedReplicas(3)
        .withCurrentRevision("r1")
        .withUpdateRevision("r1")
        .addNewCondition()
        .withType("Example")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }
}
