package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import org.junit.jupiter.api.Test;

class NatsNamesTest {
  private static final int DNS_LABEL = 63;
  // The StatefulSet controller labels pods with "<statefulset>-<10-character hash>", a 63-character
  // label value.
  private static final int STATEFULSET_NAME = 52;

  @Test
  void anAppNameOfTheMaximumLengthFitsEveryKubernetesLimit() {
    String name = "n".repeat(AppKind.NATS.maxNameLength());
    DesiredState state =
        NatsRenderer.render(
            NatsSpecs.builder(name).replicas(5).user("app", null).build(), NatsSpecs.OPTIONS);
    NatsNames names = new NatsNames(new AppRef(AppKind.NATS, "tenant-x", name), "cluster.local");

    for (HasMetadata object : state.objects()) {
      assertThat(object.getMetadata().getName())
          .as(object.getKind())
          .hasSizeLessThanOrEqualTo(DNS_LABEL);
      assertThat(object.getMetadata().getLabels().get("app.kubernetes.io/instance"))
          .hasSizeLessThanOrEqualTo(DNS_LABEL);
    }
    StatefulSet statefulSet =
        state.objects().stream()
            .filter(StatefulSet.class::isInstance)
            .map(StatefulSet.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(statefulSet.getMetadata().getName()).hasSizeLessThanOrEqualTo(STATEFULSET_NAME);
    for (int ordinal = 0; ordinal < 100; ordinal++) {
      assertThat(names.pod(ordinal)).as("pod hostname").hasSizeLessThanOrEqualTo(DNS_LABEL);
      assertThat(names.jetstreamClaim(ordinal)).as("PVC name").hasSizeLessThanOrEqualTo(DNS_LABEL);
      for (String label : names.podDnsName(ordinal).split("\\.", -1)) {
        assertThat(label).hasSizeLessThanOrEqualTo(DNS_LABEL);
      }
    }
  }

  @Test
  void oneCharacterMoreThanTheLimitIsWhereANameFirstGetsTooLong() {
    // The credentials Secret is the longest derivation: the limit leaves exactly one character to
    // spare.
    NatsNames atLimitPlusOne =
        new NatsNames(
            new AppRef(AppKind.NATS, "ns", "n".repeat(AppKind.NATS.maxNameLength() + 1)),
            "cluster.local");
    NatsNames atLimitPlusTwo =
        new NatsNames(
            new AppRef(AppKind.NATS, "ns", "n".repeat(AppKind.NATS.maxNameLength() + 2)),
            "cluster.local");
    assertThat(atLimitPlusOne.credentialsSecret()).hasSize(DNS_LABEL);
    assertThat(atLimitPlusTwo.credentialsSecret()).hasSize(DNS_LABEL + 1);
  }

  @Test
  void podsAreReachedThroughTheHeadlessServiceInTheClusterDomain() {
    NatsNames names =
        new NatsNames(new AppRef(AppKind.NATS, "tenant-x", "events"), "corp.internal");
    assertThat(names.podDnsName(2))
        .isEqualTo("events-nats-2.events-nats-headless.tenant-x.svc.corp.internal");
    assertThat(names.jetstreamClaim(0)).isEqualTo("jetstream-events-nats-0");
  }

  @Test
  void userSecretNamesAreObjectNamesThatKeepDifferentUsersApart() {
    NatsNames names =
        new NatsNames(new AppRef(AppKind.NATS, "tenant-x", "events"), "cluster.local");
    assertThat(names.userSecret("orders")).isEqualTo("events-nats-user-orders");
    assertThat(names.userSecret("Ops_1")).matches("events-nats-user-ops-1-[0-9a-f]{6}");
    assertThat(names.userSecret("billing.reader"))
        .matches("events-nats-user-billing-reader-[0-9a-f]{6}");
    assertThat(names.userSecret("Ops_1"))
        .isNotEqualTo(names.userSecret("ops-1"))
        .isNotEqualTo(names.userSecret("ops_1"));
  }
}
