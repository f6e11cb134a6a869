package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.mooring.core.diff.FieldDrift;
import io.mooring.core.diff.ObjectDiff;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.render.nats.NatsJoinProbes;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.NatsJetStreamAssets;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.spec.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine hands a NATS app's JetStream assets to the assets hook only once its pods are ready,
 * and reports what the hook found like any object: drift in observe mode, changes in apply mode,
 * refusals as a blocked app, a failure as a failed one.
 */
class NatsAssetsReconcileTest {
  private static final AppRef EVENTS = new AppRef(AppKind.NATS, "tenant-x", "events");
  private static final ObjectKey ORDERS = new ObjectKey("Stream", "tenant-x", "ORDERS");
  private static final ObjectAction.ServerAsset MAX_AGE_DRIFT =
      new ObjectAction.ServerAsset(
          ORDERS,
          ObjectAction.AssetVerb.UPDATE,
          new ObjectDiff(ORDERS, List.of(new FieldDrift("maxAge", "PT72H", "PT1H"))));

  private final EngineHarness engine = new EngineHarness();
  private final List<String> calls = new ArrayList<>();
  private AssetSync answer = AssetSync.NONE;
  private RuntimeException failure;
  private final ServerAssetsHook recording =
      (spec, apply) -> {
        calls.add(spec.ref() + (apply ? " apply" : " observe"));
        if (failure != null) {
          throw failure;
        }
        return answer;
      };

  @AfterEach
  void close() {
    engine.close();
  }

  private AppResult sync(NatsSpec spec, ReconcileMode mode) {
    Renderer renderer = new Renderer(RenderOptions.defaults());
    Reconciler reconciler =
        new Reconciler(
            renderer::render,
            engine.cache,
            engine.applier,
            engine.metrics,
            ReconcileOptions.defaults().withMode(mode),
            ServerHooks.NONE.withServerAssets(recording));
    return reconciler.reconcile(spec, "0a1b2c", Trigger.POLL);
  }

  /** The StatefulSet controller reports every pod ready. */
  private void podsReady() {
    StatefulSet set = engine.live(StatefulSet.class, EVENTS, "events-nats");
    set.setStatus(
        new StatefulSetStatusBuilder()
            .withReplicas(3)
            .withReadyReplicas(3)
            .withUpdatedReplicas(3)
            .withObservedGeneration(set.getMetadata().getGeneration())
            .build());
    engine.edit(set);
  }

  @Test
  void beforeThePodsAreReadyTheHookIsNotAsked() {
    assertThat(sync(withStreams(), ReconcileMode.APPLY)).isInstanceOf(AppResult.Synced.class);

    assertThat(calls).isEmpty();
  }

  @Test
  void whileJetStreamIsTurnedOnTheHookWaitsForTheFirstRollToEnd() {
    sync(withStreams(), ReconcileMode.APPLY);
    StatefulSet joining = engine.live(StatefulSet.class, EVENTS, "events-nats");
    NatsJoinProbes.apply(joining);
    engine.edit(joining);
    podsReady();

    AppResult result = sync(withStreams(), ReconcileMode.APPLY);

    assertThat(result).isInstanceOf(AppResult.Synced.class);
    assertThat(calls).isEmpty();
  }

  @Test
  void inObserveModeTheHooksFindingsAreDrift() {
    sync(withStreams(), ReconcileMode.APPLY);
    podsReady();
    answer = new AssetSync(List.of(MAX_AGE_DRIFT), List.of());

    AppResult result = sync(withStreams(), ReconcileMode.OBSERVE);

    assertThat(calls).containsExactly(EVENTS + " observe");
    assertThat(result).isInstanceOf(AppResult.Drifted.class);
    assertThat(result.changes()).containsExactly(MAX_AGE_DRIFT);
    assertThat(result.diffs()).extracting(ObjectDiff::key).containsExactly(ORDERS);
    assertThat(gauge("mooring.drifted.objects")).isEqualTo(1);
    assertThat(gauge("mooring.drifted.fields")).isEqualTo(1);
    assertThat(ReportFormatter.format(new ReconcileReport("0a1b2c", List.of(result))))
        .contains("~ update Stream tenant-x/ORDERS")
        .contains("maxAge: PT72H -> PT1H");
  }

  @Test
  void inApplyModeTheHookHealsAndTheAppIsSynced() {
    sync(withStreams(), ReconcileMode.APPLY);
    podsReady();
    answer = new AssetSync(List.of(MAX_AGE_DRIFT), List.of());

    AppResult result = sync(withStreams(), ReconcileMode.APPLY);

    assertThat(calls).containsExactly(EVENTS + " apply");
    assertThat(result).isInstanceOf(AppResult.Synced.class);
    assertThat(result.changes()).containsExactly(MAX_AGE_DRIFT);
    assertThat(gauge("mooring.drifted.objects")).isZero();
    assertThat(
            engine
                .registry
                .get("mooring.apply")
                .tags("action", "update", "resource", "stream")
                .counter()
                .count())
        .as("a JetStream API write counts as one")
        .isEqualTo(1);
  }

  @Test
  void aRefusalBlocksTheAppWithItsReasonAndAFailureFailsIt() {
    sync(withStreams(), ReconcileMode.APPLY);
    podsReady();
    answer =
        new AssetSync(
            List.of(),
            List.of(new ObjectAction.Blocked(ORDERS, "left the spec but holds 3 message(s)")));

    AppResult blocked = sync(withStreams(), ReconcileMode.APPLY);

    assertThat(blocked).isInstanceOf(AppResult.Blocked.class);
    assertThat(((AppResult.Blocked) blocked).reasons())
        .containsExactly("Stream tenant-x/ORDERS: left the spec but holds 3 message(s)");
    assertThat(gauge("mooring.drifted.objects")).isEqualTo(1);

    failure = new IllegalStateException("cannot reach the JetStream API");
    AppResult failed = sync(withStreams(), ReconcileMode.APPLY);

    assertThat(failed).isInstanceOf(AppResult.Failed.class);
    assertThat(((AppResult.Failed) failed).error())
        .isEqualTo("JetStream assets: cannot reach the JetStream API");
  }

  @Test
  void anAppWithoutAssetsNeverAsksTheHook() {
    sync(nats(NatsJetStreamAssets.NONE), ReconcileMode.APPLY);
    podsReady();

    sync(nats(NatsJetStreamAssets.NONE), ReconcileMode.APPLY);

    assertThat(calls).isEmpty();
  }

  private double gauge(String name) {
    return engine.registry.get(name).tag("app", "events").gauge().value();
  }

  private static NatsSpec withStreams() {
    return nats(
        new NatsJetStreamAssets(
            List.of(
                new NatsJetStreamAssets.Stream(
                    "ORDERS",
                    List.of("orders.>"),
                    3,
                    NatsJetStreamAssets.Storage.FILE,
                    NatsJetStreamAssets.Retention.LIMITS,
                    NatsJetStreamAssets.Discard.OLD,
                    null,
                    -1,
                    -1,
                    false)),
            List.of(),
            List.of()));
  }

  private static NatsSpec nats(NatsJetStreamAssets assets) {
    return new NatsSpec(
        EVENTS,
        SourceLocation.ofFile("apps/events.yaml"),
        Map.of(),
        3,
        ResourcePreset.NANO.resources(),
        null,
        false,
        Map.of(),
        new NatsSpec.Jetstream(true, new Quantity("1Gi"), assets),
        Map.of(),
        Map.of());
  }
}
