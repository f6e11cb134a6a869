package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.plan.MaintenanceDeferral;
import io.mooring.core.plan.PlanPolicy;
import io.mooring.core.plan.PruneAllowance;
import io.mooring.core.plan.RemovalPolicy;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.ComputeResources;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.testing.LifecycleSpecs;
import io.mooring.core.testing.MovableClock;
import io.mooring.core.testing.SampleApps;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Termination protection, orphaning and the maintenance window, through the reconciler against the
 * mock API, with the real Redis renderer.
 */
class LifecycleReconcileTest {
  /** A Wednesday noon, far from the Friday 23:00 window. */
  private static final Instant WEDNESDAY = Instant.parse("2026-12-02T12:00:00Z");

  private static final Instant IN_THE_WINDOW = Instant.parse("2026-12-04T23:10:00Z");

  private final EngineHarness engine = new EngineHarness();
  private final MovableClock clock = new MovableClock(WEDNESDAY);
  private final RedisSpec keep =
      LifecycleSpecs.with(
          SampleApps.redisSpec("team-a", "keep", 1, "1Gi"), ResourcePreset.NANO.resources());
  private final RedisSpec other =
      LifecycleSpecs.with(
          SampleApps.redisSpec("team-a", "other", 1, "1Gi"), ResourcePreset.NANO.resources());

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aProtectedAppIsNeverPrunedNotEvenForcedUntilACommitTurnsProtectionOff() {
    RedisSpec guarded = LifecycleSpecs.with(keep, LifecycleSpecs.protectedApp());
    sync(PlanPolicy.defaults(), guarded, other);
    engine.server.resetCounts();

    PlanPolicy forced =
        PlanPolicy.defaults()
            .withAllowance(PruneAllowance.everything("test"))
            .withSkipMaintenanceWindows(true);
    ReconcileReport removed = sync(forced, other);

    AppResult result = resultOf(removed, "keep");
    assertThat(result).isInstanceOf(AppResult.Blocked.class);
    assertThat(((AppResult.Blocked) result).reasons())
        .singleElement()
        .asString()
        .startsWith("Blocked: termination protection");
    assertThat(ReportFormatter.format(removed))
        .contains("redis/team-a/keep: blocked\n  ! Blocked: termination protection");
    assertThat(engine.server.requests("DELETE")).isZero();
    assertThat(statefulSet("keep-redis")).isNotNull();
    assertThat(gauge("mooring.prune.blocked")).isEqualTo(1);

    // Protection off first, then the removal goes ahead.
    sync(PlanPolicy.defaults(), keep, other);
    assertThat(statefulSet("keep-redis").getMetadata().getAnnotations())
        .containsEntry(RemovalPolicy.TERMINATION_PROTECTION, "false");
    ReconcileReport pruned = sync(PlanPolicy.defaults(), other);
    assertThat(resultOf(pruned, "keep")).isInstanceOf(AppResult.Synced.class);
    assertThat(statefulSet("keep-redis")).isNull();
  }

  @Test
  void anOrphanedAppLosesMooringsLabelsAndKeepsRunning() {
    sync(PlanPolicy.defaults(), LifecycleSpecs.with(keep, LifecycleSpecs.orphaned()), other);
    engine.server.resetCounts();

    ReconcileReport removed = sync(PlanPolicy.defaults(), other);

    assertThat(resultOf(removed, "keep")).isInstanceOf(AppResult.Synced.class);
    assertThat(ReportFormatter.format(removed))
        .contains("  - orphan StatefulSet team-a/keep-redis (left running, no longer managed)");
    assertThat(engine.server.requests("DELETE")).isZero();
    StatefulSet set = statefulSet("keep-redis");
    assertThat(set.getMetadata().getLabels())
        .doesNotContainKeys(MooringLabels.MANAGED_BY, MooringLabels.APP);
    assertThat(set.getMetadata().getAnnotations())
        .doesNotContainKeys(RemovalPolicy.ON_REMOVAL, MooringLabels.REVISION_ANNOTATION);
    assertThat(set.getSpec().getReplicas()).isEqualTo(1);
    assertThat(engine.cache.liveObjects(keep.ref())).isEmpty();
  }

  @Test
  void aDisruptiveChangeWaitsForTheWindowWhileOthersApplyAtOnce() {
    RedisSpec windowed = LifecycleSpecs.with(keep, LifecycleSpecs.window(LifecycleSpecs.FRIDAY_23));
    sync(PlanPolicy.defaults(), windowed);
    String before = memoryLimit();

    RedisSpec bigger =
        LifecycleSpecs.with(
            windowed, ComputeResources.explicit(new Quantity("500m"), new Quantity("2Gi")));
    ReconcileReport waiting = sync(PlanPolicy.defaults(), bigger);

    AppResult result = resultOf(waiting, "keep");
    assertThat(result).isInstanceOf(AppResult.Waiting.class);
    assertThat(((AppResult.Waiting) result).window())
        .isEqualTo(Instant.parse("2026-12-04T23:00:00Z"));
    assertThat(ReportFormatter.format(waiting))
        .contains(
            "  > Waiting for maintenance window 2026-12-04T23:00:00Z",
            "  > deferred until 2026-12-04T23:00:00Z:\n  ~ update StatefulSet team-a/keep-redis");
    assertThat(memoryLimit()).isEqualTo(before);
    assertThat(gauge("mooring.maintenance.deferred.changes")).isPositive();

    clock.set(IN_THE_WINDOW);
    ReconcileReport applied = sync(PlanPolicy.defaults(), bigger);

    assertThat(resultOf(applied, "keep")).isInstanceOf(AppResult.Synced.class);
    assertThat(memoryLimit()).isEqualTo("2Gi");
    assertThat(gauge("mooring.maintenance.deferred.changes")).isZero();
  }

  @Test
  void aNewApplyNowValueOrForceAppliesADeferredChangeAtOnce() {
    RedisSpec windowed = LifecycleSpecs.with(keep, LifecycleSpecs.window(LifecycleSpecs.FRIDAY_23));
    sync(PlanPolicy.defaults(), windowed);
    RedisSpec bigger =
        LifecycleSpecs.with(
            windowed, ComputeResources.explicit(new Quantity("500m"), new Quantity("2Gi")));
    assertThat(resultOf(sync(PlanPolicy.defaults(), bigger), "keep"))
        .isInstanceOf(AppResult.Waiting.class);

    RedisSpec now = LifecycleSpecs.with(bigger, Map.of(MaintenanceDeferral.APPLY_NOW, "ticket-1"));
    assertThat(resultOf(sync(PlanPolicy.defaults(), now), "keep"))
        .isInstanceOf(AppResult.Synced.class);
    assertThat(memoryLimit()).isEqualTo("2Gi");

    // The same value again lets nothing through: it was spent on the change before.
    RedisSpec smaller =
        LifecycleSpecs.with(
            now, ComputeResources.explicit(new Quantity("500m"), new Quantity("1Gi")));
    assertThat(resultOf(sync(PlanPolicy.defaults(), smaller), "keep"))
        .isInstanceOf(AppResult.Waiting.class);
    assertThat(memoryLimit()).isEqualTo("2Gi");

    assertThat(
            resultOf(sync(PlanPolicy.defaults().withSkipMaintenanceWindows(true), smaller), "keep"))
        .isInstanceOf(AppResult.Synced.class);
    assertThat(memoryLimit()).isEqualTo("1Gi");
  }

  private ReconcileReport sync(PlanPolicy policy, RedisSpec... specs) {
    Renderer renderer = new Renderer(RenderOptions.defaults());
    Reconciler reconciler =
        new Reconciler(
            renderer::render,
            engine.cache,
            engine.applier,
            engine.metrics,
            ReconcileOptions.defaults().withPolicy(policy).withClock(clock));
    return reconciler.reconcileAll("0a1b2c", List.of(specs), Map.of(), Trigger.CLI);
  }

  private static AppResult resultOf(ReconcileReport report, String app) {
    return report.results().stream()
        .filter(result -> result.app().name().equals(app))
        .findFirst()
        .orElseThrow();
  }

  private StatefulSet statefulSet(String name) {
    return engine.client.apps().statefulSets().inNamespace("team-a").withName(name).get();
  }

  private String memoryLimit() {
    return statefulSet("keep-redis").getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(container -> container.getName().equals("redis"))
        .findFirst()
        .orElseThrow()
        .getResources()
        .getLimits()
        .get("memory")
        .toString();
  }

  private double gauge(String name) {
    return engine.registry.get(name).tag("app", "keep").gauge().value();
  }
}
