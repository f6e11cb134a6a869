package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.plan.ServerDepartures;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppLifecycle;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.spec.RedisDataSource;
import io.mooring.core.spec.RedisEngine;
import io.mooring.core.spec.RedisPersistence;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.spec.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine tells the scale-down hook exactly which servers left a NATS JetStream app, after the
 * smaller StatefulSet is applied, and keeps telling it on later syncs until it succeeds.
 */
class NatsScaleDownReconcileTest {
  private static final AppRef EVENTS = new AppRef(AppKind.NATS, "tenant-x", "events");

  private final EngineHarness engine = new EngineHarness();
  private final List<String> calls = new ArrayList<>();
  private RuntimeException failure;
  private final ScaleDownHook recording =
      (app, servers) -> {
        calls.add(app + " " + servers);
        if (failure != null) {
          throw failure;
        }
      };

  @AfterEach
  void close() {
    engine.close();
  }

  private AppResult sync(AppSpec spec) {
    return sync(spec, ReconcileMode.APPLY);
  }

  private AppResult sync(AppSpec spec, ReconcileMode mode) {
    Renderer renderer = new Renderer(RenderOptions.defaults());
    Reconciler reconciler =
        new Reconciler(
            renderer::render,
            engine.cache,
            engine.applier,
            engine.metrics,
            ReconcileOptions.defaults().withMode(mode),
            ServerHooks.NONE.withScaleDown(recording));
    return reconciler
        .reconcileAll("0a1b2c", List.of(spec), Map.of(), Trigger.POLL)
        .results()
        .get(0);
  }

  private StatefulSet liveSet() {
    return engine.live(StatefulSet.class, EVENTS, "events-nats");
  }

  @Test
  void aDecreaseTellsTheHookExactlyTheDepartedServersOnce() {
    assertThat(sync(nats(5, true))).isInstanceOf(AppResult.Synced.class);
    assertThat(calls).as("creating the app departs nobody").isEmpty();

    AppResult result = sync(nats(3, true));

    assertThat(result).isInstanceOf(AppResult.Synced.class);
    assertThat(calls).containsExactly("nats/tenant-x/events [events-nats-3, events-nats-4]");
    assertThat(liveSet().getSpec().getReplicas()).isEqualTo(3);
    assertThat(liveSet().getMetadata().getAnnotations())
        .doesNotContainKey(ServerDepartures.ANNOTATION);

    engine.server.resetCounts();
    assertThat(sync(nats(3, true))).isInstanceOf(AppResult.Synced.class);
    assertThat(calls).as("a handled departure is not repeated").hasSize(1);
    assertThat(engine.server.writes()).isZero();
  }

  @Test
  void anIncreaseARedisAppOrNatsWithoutJetStreamTellNobody() {
    sync(nats(2, true));
    sync(nats(3, true));

    sync(redis(3));
    assertThat(sync(redis(2))).isInstanceOf(AppResult.Synced.class);

    AppSpec plain = nats("plain", 3, false);
    sync(plain);
    assertThat(sync(nats("plain", 1, false))).isInstanceOf(AppResult.Synced.class);

    assertThat(calls).isEmpty();
  }

  @Test
  void aFailedRemovalFailsTheAppAndIsRetriedByTheNextSync() {
    sync(nats(3, true));
    failure =
        new IllegalStateException(
            "cannot connect to nats://events-nats.tenant-x.svc.cluster.local:4222");

    AppResult failed = sync(nats(2, true));

    assertThat(failed).isInstanceOf(AppResult.Failed.class);
    assertThat(((AppResult.Failed) failed).error())
        .contains(
            "[events-nats-2]",
            "events-nats",
            "cannot connect to nats://events-nats.tenant-x.svc.cluster.local:4222",
            "tried again on the next sync");
    assertThat(failed.changes()).as("the scale-down itself was applied").isNotEmpty();
    assertThat(liveSet().getSpec().getReplicas()).isEqualTo(2);
    assertThat(liveSet().getMetadata().getAnnotations())
        .containsEntry(ServerDepartures.ANNOTATION, "events-nats-2");

    // Observing never acts on the record.
    assertThat(sync(nats(2, true), ReconcileMode.OBSERVE)).isInstanceOf(AppResult.Synced.class);
    assertThat(calls).hasSize(1);

    assertThat(sync(nats(2, true))).as("still failing").isInstanceOf(AppResult.Failed.class);
    failure = null;
    assertThat(sync(nats(2, true))).isInstanceOf(AppResult.Synced.class);
    assertThat(calls)
        .containsExactly(
            "nats/tenant-x/events [events-nats-2]",
            "nats/tenant-x/events [events-nats-2]",
            "nats/tenant-x/events [events-nats-2]");
    assertThat(liveSet().getMetadata().getAnnotations())
        .doesNotContainKey(ServerDepartures.ANNOTATION);
  }

  @Test
  void aPendingDepartureAddsUpWithTheNextAndGrowingBackCancelsIt() {
    sync(nats(4, true));
    failure = new IllegalStateException("unreachable");
    sync(nats(3, true));
    sync(nats(2, true));
    assertThat(liveSet().getMetadata().getAnnotations())
        .containsEntry(ServerDepartures.ANNOTATION, "events-nats-2,events-nats-3");

    failure = null;
    calls.clear();
    assertThat(sync(nats(3, true))).isInstanceOf(AppResult.Synced.class);
    assertThat(calls)
        .as("events-nats-2 is back in the set and stays in the group")
        .containsExactly("nats/tenant-x/events [events-nats-3]");
  }

  @Test
  void aReconcilerWithoutAHookKeepsTheRecordForOneThatHasIt() {
    sync(nats(3, true));
    Reconciler withoutHook =
        new Reconciler(
            new Renderer(RenderOptions.defaults())::render,
            engine.cache,
            engine.applier,
            engine.metrics,
            ReconcileOptions.defaults());

    AppResult result =
        withoutHook
            .reconcileAll("0a1b2c", List.of(nats(2, true)), Map.of(), Trigger.CLI)
            .results()
            .get(0);

    assertThat(result).isInstanceOf(AppResult.Failed.class);
    assertThat(((AppResult.Failed) result).error())
        .contains("[events-nats-2]", "the daemon will deregister them");
    assertThat(liveSet().getMetadata().getAnnotations())
        .containsEntry(ServerDepartures.ANNOTATION, "events-nats-2");
    assertThat(sync(nats(2, true))).isInstanceOf(AppResult.Synced.class);
    assertThat(calls).containsExactly("nats/tenant-x/events [events-nats-2]");
  }

  private static RedisSpec redis(int replicas) {
    return new RedisSpec(
        new AppRef(AppKind.REDIS, "tenant-x", "cache"),
        SourceLocation.ofFile("apps/cache.yaml"),
        Map.of(),
        replicas,
        ResourcePreset.NANO.resources(),
        new Quantity("1Gi"),
        null,
        false,
        true,
        AppLifecycle.NONE,
        RedisEngine.DEFAULT,
        RedisPersistence.DEFAULT,
        RedisDataSource.EMPTY);
  }

  private static NatsSpec nats(int replicas, boolean jetstream) {
    return nats(EVENTS.name(), replicas, jetstream);
  }

  private static NatsSpec nats(String name, int replicas, boolean jetstream) {
    return new NatsSpec(
        new AppRef(AppKind.NATS, "tenant-x", name),
        SourceLocation.ofFile("apps/" + name + ".yaml"),
        Map.of(),
        replicas,
        ResourcePreset.NANO.resources(),
        null,
        false,
        Map.of(),
        new NatsSpec.Jetstream(jetstream, new Quantity("1Gi")),
        Map.of(),
        Map.of());
  }
}
