package io.mooring.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.mooring.core.render.nats.NatsJoinProbes;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.testing.SampleApps;
import org.junit.jupiter.api.Test;

/**
 * JetStream turned on for a running NATS cluster: the template rolls first with probes that let a
 * lone JetStream server turn ready, and gets the usual probes back once that roll is done.
 */
class JetStreamJoinTest {
  private static final AppRef EVENTS = new AppRef(AppKind.NATS, "tenant-x", "events");

  @Test
  void jetStreamTurnedOnForARunningClusterRollsWithProbesThatWaitOnlyForJetStreamRunning() {
    StatefulSet desired = nats(3, true);

    JetStreamJoin.prepare(desired, nats(3, false));

    Container server = natsContainer(desired);
    assertThat(server.getStartupProbe().getHttpGet().getPath())
        .isEqualTo(NatsJoinProbes.JETSTREAM_RUNNING);
    assertThat(server.getReadinessProbe().getHttpGet().getPath())
        .isEqualTo(NatsJoinProbes.JETSTREAM_RUNNING);
    assertThat(server.getLivenessProbe())
        .isEqualTo(natsContainer(nats(3, true)).getLivenessProbe());
  }

  @Test
  void theJoinHoldsUntilTheControllerReportsEveryPodOnTheTemplateAndReady() {
    StatefulSet live = joining();
    live.setStatus(
        new StatefulSetStatusBuilder()
            .withObservedGeneration(2L)
            .withReplicas(3)
            .withReadyReplicas(2)
            .withUpdatedReplicas(1)
            .withCurrentRevision("events-nats-new")
            .withUpdateRevision("events-nats-new")
            .build());
    StatefulSet desired = nats(3, true);

    JetStreamJoin.prepare(desired, live);

    assertThat(NatsJoinProbes.isApplied(desired)).isTrue();
    assertThat(natsContainer(desired).getReadinessProbe().getHttpGet().getPath())
        .isEqualTo(NatsJoinProbes.JETSTREAM_RUNNING);
  }

  @Test
  void aJoinWhoseTemplateTheControllerHasNotSeenYetHolds() {
    StatefulSet live = joining();
    live.setStatus(rolledOut().withObservedGeneration(1L).build());
    StatefulSet desired = nats(3, true);

    JetStreamJoin.prepare(desired, live);

    assertThat(NatsJoinProbes.isApplied(desired)).isTrue();
  }

  @Test
  void onceTheFirstRollIsDoneTheUsualProbesComeBack() {
    StatefulSet live = joining();
    live.setStatus(rolledOut().build());
    StatefulSet desired = nats(3, true);

    JetStreamJoin.prepare(desired, live);

    assertThat(NatsJoinProbes.isApplied(desired)).isFalse();
    assertThat(natsContainer(desired)).isEqualTo(natsContainer(nats(3, true)));
    assertThat(natsContainer(desired).getReadinessProbe().getHttpGet().getPath())
        .isEqualTo("/healthz?js-server-only=true");
  }

  @Test
  void aNewAppAGrownVolumeASingleServerAndAnAppWithoutJetStreamNeedNoJoin() {
    for (StatefulSet[] change :
        new StatefulSet[][] {
          {nats(3, true), null},
          {nats(3, true), nats(3, true)},
          {nats(1, true), nats(1, false)},
          {nats(3, false), nats(3, false)}
        }) {
      StatefulSet desired = change[0];

      JetStreamJoin.prepare(desired, change[1]);

      assertThat(NatsJoinProbes.isApplied(desired)).isFalse();
      assertThat(natsContainer(desired).getReadinessProbe().getHttpGet().getPath())
          .isEqualTo("/healthz?js-server-only=true");
      assertThat(natsContainer(desired).getStartupProbe().getHttpGet().getPath())
          .isEqualTo("/healthz");
    }
  }

  /** A live set recreated with its JetStream volume and the join's probes. */
  private static StatefulSet joining() {
    StatefulSet live = nats(3, true);
    JetStreamJoin.prepare(live, nats(3, false));
    live.getMetadata().setGeneration(2L);
    return live;
  }

  private static StatefulSetStatusBuilder rolledOut() {
    return new StatefulSetStatusBuilder()
        .withObservedGeneration(2L)
        .withReplicas(3)
        .withReadyReplicas(3)
        .withUpdatedReplicas(3)
        .withCurrentRevision("events-nats-new")
        .withUpdateRevision("events-nats-new");
  }

  private static StatefulSet nats(int replicas, boolean jetstream) {
    return SampleApps.renderedNats(EVENTS, replicas, jetstream).objects().stream()
        .filter(StatefulSet.class::isInstance)
        .map(StatefulSet.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private static Container natsContainer(StatefulSet set) {
    return set.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(container -> container.getName().equals("nats"))
        .findFirst()
        .orElseThrow();
  }
}
