package io.mooring.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.testing.SampleApps;
import org.junit.jupiter.api.Test;

/** Which servers a change of a StatefulSet makes leave the JetStream meta group (rule 6). */
class ServerDeparturesTest {
  private static final AppRef EVENTS = new AppRef(AppKind.NATS, "tenant-x", "events");

  @Test
  void aDecreaseOfANatsJetStreamSetDepartsTheHighestOrdinals() {
    assertThat(ServerDepartures.departed(nats(2, true), nats(5, true)))
        .containsExactly("events-nats-2", "events-nats-3", "events-nats-4");
    assertThat(ServerDepartures.departed(nats(1, true), nats(3, true)))
        .containsExactly("events-nats-1", "events-nats-2");
  }

  @Test
  void anIncreaseASameSizeOrANewSetDepartsNobody() {
    assertThat(ServerDepartures.departed(nats(3, true), nats(2, true))).isEmpty();
    assertThat(ServerDepartures.departed(nats(3, true), nats(3, true))).isEmpty();
    assertThat(ServerDepartures.departed(nats(3, true), null)).isEmpty();
  }

  @Test
  void withoutJetStreamOrForRedisThereIsNoMetaGroupToLeave() {
    assertThat(ServerDepartures.departed(nats(1, false), nats(3, false))).isEmpty();
    StatefulSet redisNow = redisSet(3);
    StatefulSet redisNext = redisSet(1);
    assertThat(ServerDepartures.departed(redisNext, redisNow)).isEmpty();
  }

  @Test
  void aRecordedDepartureStaysUntilClearedUnlessTheSetGrowsBackOverIt() {
    StatefulSet live = recorded(nats(2, true), "events-nats-2,events-nats-3");
    assertThat(ServerDepartures.departed(nats(2, true), live))
        .containsExactly("events-nats-2", "events-nats-3");
    assertThat(ServerDepartures.departed(nats(1, true), live))
        .containsExactly("events-nats-1", "events-nats-2", "events-nats-3");
    // Growing back to 3 brings events-nats-2 back: it must never be removed from the group it
    // rejoins.
    assertThat(ServerDepartures.departed(nats(3, true), live)).containsExactly("events-nats-3");
    assertThat(ServerDepartures.departed(nats(4, true), live)).isEmpty();
  }

  @Test
  void pendingIgnoresNamesOfOtherSetsAndOrdinalsTheSetKeeps() {
    StatefulSet live =
        recorded(nats(2, true), "events-nats-1, events-nats-3,other-nats-4,events-nats-x,");
    assertThat(ServerDepartures.pending(live)).containsExactly("events-nats-3");
    assertThat(ServerDepartures.isRecorded(live)).isTrue();
    assertThat(ServerDepartures.isRecorded(nats(2, true))).isFalse();
  }

  private static StatefulSet nats(int replicas, boolean jetstream) {
    return setOf(render(replicas, jetstream));
  }

  private static DesiredState render(int replicas, boolean jetstream) {
    return SampleApps.renderedNats(EVENTS, replicas, jetstream);
  }

  private static StatefulSet redisSet(int replicas) {
    return setOf(
        SampleApps.redis(new AppRef(AppKind.REDIS, "tenant-x", "events"), replicas, "1Gi"));
  }

  private static StatefulSet setOf(DesiredState state) {
    return state.objects().stream()
        .filter(StatefulSet.class::isInstance)
        .map(StatefulSet.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private static StatefulSet recorded(StatefulSet set, String servers) {
    return new StatefulSetBuilder(set)
        .editMetadata()
        .addToAnnotations(ServerDepartures.ANNOTATION, servers)
        .endMetadata()
        .build();
  }
}
