package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.render.nats.NatsJoinProbes;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.spec.SourceLocation;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Turning JetStream or a resolver on for a running NATS app adds a volume claim template, which a
 * StatefulSet cannot take in place: the set is recreated with its pods orphaned (they keep running
 * and are rolled onto the new template by the controller), and no existing claim or pod is deleted.
 * Dropping a template is refused.
 */
class NatsVolumeTemplatesTest {
  private static final AppRef EVENTS = new AppRef(AppKind.NATS, "tenant-x", "events");

  private final EngineHarness engine = new EngineHarness();

  @AfterEach
  void close() {
    engine.close();
  }

  private AppResult sync(NatsSpec spec) {
    Renderer renderer = new Renderer(RenderOptions.defaults());
    return new Reconciler(
            renderer::render,
            engine.cache,
            engine.applier,
            engine.metrics,
            ReconcileOptions.defaults().withMode(ReconcileMode.APPLY))
        .reconcile(spec, "0a1b2c", Trigger.POLL);
  }

  /** The pods (and, when the set has a template, their claims) the controller would have made. */
  private void podsAndClaims() {
    StatefulSet set = engine.live(StatefulSet.class, EVENTS, "events-nats");
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      for (PersistentVolumeClaim template : set.getSpec().getVolumeClaimTemplates()) {
        engine.create(
            new PersistentVolumeClaimBuilder(template)
                .editMetadata()
                .withName(template.getMetadata().getName() + "-events-nats-" + ordinal)
                .withNamespace("tenant-x")
                .endMetadata()
                .build());
      }
      engine.create(
          new PodBuilder()
              .withNewMetadata()
              .withNamespace("tenant-x")
              .withName("events-nats-" + ordinal)
              .withLabels(MooringLabels.forComponent(EVENTS, "nats"))
              .addNewOwnerReference()
              .withApiVersion("apps/v1")
              .withKind("StatefulSet")
              .withName("events-nats")
              .withUid(set.getMetadata().getUid())
              .withController(true)
              .endOwnerReference()
              .endMetadata()
              .withNewSpec()
              .addNewContainer()
              .withName("nats")
              .withImage("nats:2.10.18-alpine")
              .endContainer()
              .endSpec()
              .build());
    }
    engine.server.resetCounts();
  }

  @Test
  void jetStreamTurnedOnLaterRecreatesTheSetWithTheNewTemplateAndDeletesNothing() {
    assertThat(sync(nats(false, Map.of()))).isInstanceOf(AppResult.Synced.class);
    podsAndClaims();

    AppResult result = sync(nats(true, Map.of()));

    assertThat(result).isInstanceOf(AppResult.Synced.class);
    assertThat(result.changes())
        .filteredOn(ObjectAction.Recreate.class::isInstance)
        .extracting(action -> action.key().name())
        .containsExactly("events-nats");
    StatefulSet set = engine.live(StatefulSet.class, EVENTS, "events-nats");
    assertThat(set.getSpec().getVolumeClaimTemplates())
        .extracting(template -> template.getMetadata().getName())
        .containsExactly("jetstream");
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      assertThat(engine.live(Pod.class, EVENTS, "events-nats-" + ordinal))
          .as("pod %d keeps running until the controller rolls it", ordinal)
          .isNotNull();
    }
    assertThat(engine.server.writeLog())
        .filteredOn(write -> write.verb().equals("DELETE"))
        .singleElement()
        .satisfies(
            delete -> {
              assertThat(delete.path()).endsWith("/statefulsets/events-nats");
              assertThat(delete.body()).contains("\"propagationPolicy\":\"Orphan\"");
            });
    assertThat(sync(nats(true, Map.of())).changes())
        .filteredOn(ObjectAction::writes)
        .as("in sync afterwards")
        .isEmpty();
  }

  @Test
  void jetStreamTurnedOnLaterRollsWithTheJoinProbesThenOnceMoreWithTheUsualOnes() {
    sync(nats(false, Map.of()));
    podsAndClaims();

    sync(nats(true, Map.of()));

    StatefulSet joining = engine.live(StatefulSet.class, EVENTS, "events-nats");
    assertThat(readinessPath(joining)).isEqualTo(NatsJoinProbes.JETSTREAM_RUNNING);

    controllerReports(joining, 1, 2);
    assertThat(sync(nats(true, Map.of())).changes())
        .filteredOn(ObjectAction::writes)
        .as("the join holds while the first roll is under way")
        .isEmpty();

    controllerReports(engine.live(StatefulSet.class, EVENTS, "events-nats"), 3, 3);
    AppResult done = sync(nats(true, Map.of()));

    assertThat(done.changes())
        .filteredOn(ObjectAction::writes)
        .singleElement()
        .isInstanceOf(ObjectAction.Update.class);
    StatefulSet joined = engine.live(StatefulSet.class, EVENTS, "events-nats");
    assertThat(readinessPath(joined)).isEqualTo("/healthz?js-server-only=true");
    assertThat(sync(nats(true, Map.of())).changes())
        .filteredOn(ObjectAction::writes)
        .as("in sync afterwards")
        .isEmpty();
  }

  /**
   * The StatefulSet controller's status after rolling {@code updated} pods, {@code ready} ready.
   */
  private void controllerReports(StatefulSet set, int updated, int ready) {
    set.setStatus(
        new StatefulSetStatusBuilder()
            .withObservedGeneration(set.getMetadata().getGeneration())
            .withReplicas(3)
            .withUpdatedReplicas(updated)
            .withReadyReplicas(ready)
            .withCurrentRevision(updated == 3 ? "events-nats-2" : "events-nats-1")
            .withUpdateRevision("events-nats-2")
            .build());
    engine.edit(set);
  }

  private static String readinessPath(StatefulSet set) {
    return set.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getReadinessProbe()
        .getHttpGet()
        .getPath();
  }

  @Test
  void aResolverAddedLaterToAnAppWithoutJetStreamGetsItsVolumeTheSameWay() {
    sync(nats(false, Map.of()));
    podsAndClaims();

    AppResult result = sync(nats(false, Map.of("type", "full")));

    assertThat(result).isInstanceOf(AppResult.Synced.class);
    assertThat(
            engine
                .live(StatefulSet.class, EVENTS, "events-nats")
                .getSpec()
                .getVolumeClaimTemplates())
        .extracting(template -> template.getMetadata().getName())
        .containsExactly("resolver");
  }

  @Test
  void droppingATemplateIsRefusedAndWritesNothing() {
    sync(nats(true, Map.of()));
    podsAndClaims();

    AppResult result = sync(nats(false, Map.of()));

    assertThat(result).isInstanceOf(AppResult.Blocked.class);
    assertThat(((AppResult.Blocked) result).reasons())
        .anySatisfy(
            reason ->
                assertThat(reason)
                    .contains(
                        "volume claim template(s) [jetstream] of StatefulSet events-nats"
                            + " would be dropped"));
    assertThat(engine.server.writes()).isZero();
    assertThat(engine.live(PersistentVolumeClaim.class, EVENTS, "jetstream-events-nats-0"))
        .isNotNull();
  }

  private static NatsSpec nats(boolean jetstream, Map<String, Object> resolver) {
    return new NatsSpec(
        EVENTS,
        SourceLocation.ofFile("apps/events.yaml"),
        Map.of(),
        3,
        ResourcePreset.NANO.resources(),
        null,
        false,
        Map.of(),
        new NatsSpec.Jetstream(jetstream, new Quantity("1Gi")),
        Map.of(),
        resolver);
  }
}
