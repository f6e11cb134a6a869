package io.mooring.core.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.testing.SampleApps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DifferTest {
  private static final AppRef APP = new AppRef(AppKind.REDIS, "team-a", "cache");
  private final Differ differ = Differ.standard();
  private final DesiredState desired = SampleApps.redis(APP, 3, "1Gi");

  @Test
  void equivalentQuantitiesAreEqual() {
    StatefulSet set = statefulSet();
    StatefulSet live =
        new StatefulSetBuilder(set)
            .editSpec()
            .editTemplate()
            .editSpec()
            .editFirstContainer()
            .editResources()
            .addToLimits("cpu", new Quantity("1"))
            .addToLimits("memory", new Quantity("1Gi"))
            .addToRequests("cpu", new Quantity("0.1"))
            .addToRequests("memory", new Quantity("1024Mi"))
            .endResources()
            .endContainer()
            .endSpec()
            .endTemplate()
            .editFirstVolumeClaimTemplate()
            .editSpec()
            .editResources()
            .addToRequests("storage", new Quantity("1024Mi"))
            .endResources()
            .endSpec()
            .endVolumeClaimTemplate()
            .endSpec()
            .build();

    assertThat(differ.diff(set, live).inSync()).isTrue();
  }

  @Test
  void aDifferentQuantityIsDriftWithItsPath() {
    StatefulSet set = statefulSet();
    StatefulSet live =
        new StatefulSetBuilder(set)
            .editSpec()
            .editTemplate()
            .editSpec()
            .editFirstContainer()
            .editResources()
            .addToLimits("memory", new Quantity("3072Mi"))
            .endResources()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    assertThat(differ.diff(set, live).drifts())
        .containsExactly(
            new FieldDrift(
                "spec.template.spec.containers[name=redis].resources.limits.memory",
                "1024Mi",
                "3072Mi"));
  }

  @Test
  void quantitiesInsideAMissingBlockAreShownAsWritten() {
    StatefulSet set = statefulSet();
    StatefulSet live = Serialization.clone(set);
    live.getSpec().getTemplate().getSpec().getContainers().get(0).setResources(null);

    assertThat(differ.diff(set, live).drifts())
        .containsExactly(
            new FieldDrift(
                "spec.template.spec.containers[name=redis].resources",
                "{\"limits\":{\"cpu\":\"1000m\",\"memory\":\"1024Mi\"},\"requests\":{\"cpu\":\"100m\",\"memory\":\"1Gi\"}}",
                null));
  }

  @Test
  void fieldsTheServerDefaultsOrOwnsAreNoDrift() {
    StatefulSet set = statefulSet();
    StatefulSet live =
        new StatefulSetBuilder(set)
            .editMetadata()
            .withResourceVersion("812")
            .withUid("3f1c")
            .withGeneration(4L)
            .withCreationTimestamp("2026-01-02T03:04:05Z")
            .addToAnnotations(MooringLabels.REVISION_ANNOTATION, "older")
            .addToAnnotations("deployment.kubernetes.io/revision", "7")
            .addNewManagedField()
            .withManager("mooring")
            .endManagedField()
            .endMetadata()
            .editSpec()
            .withRevisionHistoryLimit(10)
            .withNewUpdateStrategy()
            .withType("RollingUpdate")
            .withNewRollingUpdate()
            .withPartition(0)
            .endRollingUpdate()
            .endUpdateStrategy()
            .editTemplate()
            .editSpec()
            .withDnsPolicy("ClusterFirst")
            .withRestartPolicy("Always")
            .withSchedulerName("default-scheduler")
            .withTerminationGracePeriodSeconds(30L)
            .editFirstContainer()
            .withImagePullPolicy("IfNotPresent")
            .withTerminationMessagePath("/dev/termination-log")
            .withTerminationMessagePolicy("File")
            .editFirstPort()
            .withProtocol("TCP")
            .endPort()
            .editReadinessProbe()
            .withPeriodSeconds(10)
            .withTimeoutSeconds(1)
            .withFailureThreshold(3)
            .withSuccessThreshold(1)
            .endReadinessProbe()
            .endContainer()
            .editFirstVolume()
            .editConfigMap()
            .withDefaultMode(420)
            .endConfigMap()
            .endVolume()
            .endSpec()
            .endTemplate()
            .editFirstVolumeClaimTemplate()
            .withNewStatus()
            .withPhase("Pending")
            .endStatus()
            .editSpec()
            .withVolumeMode("Filesystem")
            .endSpec()
            .endVolumeClaimTemplate()
            .endSpec()
            .withNewStatus()
            .withReplicas(3)
            .withReadyReplicas(2)
            .withObservedGeneration(4L)
            .endStatus()
            .build();

    assertThat(differ.diff(set, live).drifts()).isEmpty();
  }

  @Test
  void anExplicitValueIsComparedEvenWhenItIsTheDefault() {
    StatefulSet set = statefulSet();
    StatefulSet live =
        new StatefulSetBuilder(set)
            .editSpec()
            .editPersistentVolumeClaimRetentionPolicy()
            .withWhenDeleted("Delete")
            .endPersistentVolumeClaimRetentionPolicy()
            .endSpec()
            .build();

    assertThat(differ.diff(set, live).drifts())
        .containsExactly(
            new FieldDrift(
                "spec.persistentVolumeClaimRetentionPolicy.whenDeleted", "Retain", "Delete"));
  }

  @Test
  void declaredDefaultsMatchALiveObjectThatOmitsThem() {
    Service declared =
        new ServiceBuilder(service())
            .editSpec()
            .editFirstPort()
            .withProtocol("TCP")
            .endPort()
            .withType("ClusterIP")
            .endSpec()
            .build();

    assertThat(differ.diff(declared, service()).inSync()).isTrue();
  }

  @Test
  void listsWithNamesAreComparedByNameNotPosition() {
    StatefulSet set = statefulSet();
    StatefulSet reordered = Serialization.clone(set);
    Collections.reverse(
        reordered.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv());
    Collections.reverse(
        reordered.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts());
    assertThat(differ.diff(set, reordered).inSync()).isTrue();

    StatefulSet edited = Serialization.clone(set);
    edited
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .get(1)
        .getValueFrom()
        .getFieldRef()
        .setFieldPath("spec.nodeName");
    assertThat(differ.diff(set, edited).paths())
        .containsExactly(
            "spec.template.spec.containers[name=redis].env[name=POD_NAME].valueFrom.fieldRef.fieldPath");
  }

  @Test
  void aMissingListItemIsReportedWithItsKey() {
    StatefulSet set = statefulSet();
    StatefulSet live = Serialization.clone(set);
    live.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().clear();

    List<FieldDrift> drifts = differ.diff(set, live).drifts();

    assertThat(drifts)
        .extracting(FieldDrift::path)
        .containsExactly("spec.template.spec.containers[name=redis].ports");
    Service service = service();
    Service withoutPort =
        new ServiceBuilder(service).editSpec().withPorts(new ArrayList<>()).endSpec().build();
    withoutPort
        .getSpec()
        .getPorts()
        .add(new ServicePortBuilder().withName("other").withPort(1).build());
    assertThat(differ.diff(service, withoutPort).drifts())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.path()).isEqualTo("spec.ports[name=redis]");
              assertThat(d.live()).isNull();
            });
  }

  @Test
  void intOrStringValuesCompareByMeaning() {
    Service declared =
        new ServiceBuilder(service())
            .editSpec()
            .editFirstPort()
            .withTargetPort(new IntOrString("6379"))
            .endPort()
            .endSpec()
            .build();

    assertThat(differ.diff(declared, service()).inSync()).isTrue();
  }

  @Test
  void extraLabelsAndFieldsOnTheLiveObjectAreNoDrift() {
    Service live =
        new ServiceBuilder(service())
            .editMetadata()
            .addToLabels("team", "payments")
            .endMetadata()
            .editSpec()
            .withClusterIP("10.96.4.2")
            .withClusterIPs("10.96.4.2")
            .withIpFamilies("IPv4")
            .endSpec()
            .build();

    assertThat(differ.diff(service(), live).inSync()).isTrue();
  }

  @Test
  void secretValuesAreMaskedInDriftsAndText() {
    Secret declared = new SecretBuilder(secret()).addToData("password", "c2VjcmV0LW9uZQ==").build();
    Secret live = new SecretBuilder(secret()).addToData("password", "c2VjcmV0LXR3bw==").build();

    ObjectDiff diff = differ.diff(declared, live);

    assertThat(diff.drifts()).containsExactly(new FieldDrift("data.password", "***", "***"));
    assertThat(diff.toString()).doesNotContain("c2VjcmV0", "secret-one", "secret-two");
  }

  @Test
  void stringDataEqualsTheStoredBase64Data() {
    Secret declared =
        new SecretBuilder(secret()).withData(null).addToStringData("url", "nats://x:4222").build();
    Secret live =
        new SecretBuilder(secret()).withData(null).addToData("url", "bmF0czovL3g6NDIyMg==").build();

    assertThat(differ.diff(declared, live).inSync()).isTrue();
  }

  private StatefulSet statefulSet() {
    return (StatefulSet)
        desired.objects().stream().filter(StatefulSet.class::isInstance).findFirst().orElseThrow();
  }

  private Service service() {
    return (Service)
        desired.objects().stream()
            .filter(o -> o instanceof Service && o.getMetadata().getName().equals("cache-redis"))
            .findFirst()
            .orElseThrow();
  }

  private Secret secret() {
    return new SecretBuilder((Secret) desired.objects().get(0)).withData(null).build();
  }
}
