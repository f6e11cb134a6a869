package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mooring.core.render.common.SpecRenderException;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.SourceLocation;
import io.mooring.core.testing.CapturedStderr;
import io.mooring.core.testing.SampleApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Single-app entry points, failures and the drift gauges as the reconciler records them. */
class ReconcilerEntryPointsTest {
  private final EngineHarness engine = new EngineHarness();
  private final RedisSpec cache = SampleApps.redisSpec("team-a", "cache", 1, "1Gi");
  private final NatsSpec events = SampleApps.natsSpec("team-a", "events", 1, "1Gi");

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void driftGaugesFollowObserveAndApply() {
    engine.sync(List.of(cache));
    StatefulSet set = engine.live(StatefulSet.class, cache.ref(), "cache-redis");
    engine.edit(
        new StatefulSetBuilder(set)
            .editSpec()
            .withReplicas(4)
            .withPodManagementPolicy("Parallel")
            .endSpec()
            .build());

    engine.reconciler(ReconcileMode.OBSERVE).reconcile(cache, "0a1b2c", Trigger.CLUSTER_EVENT);
    assertThat(gauge("mooring.drifted.objects")).isEqualTo(1);
    assertThat(gauge("mooring.drifted.fields")).isEqualTo(2);
    assertThat(
            engine
                .registry
                .get("mooring.app.status")
                .tag("app", "cache")
                .tag("status", "drifted")
                .gauge()
                .value())
        .isEqualTo(1);

    engine.reconciler(ReconcileMode.APPLY).reconcile(cache, "0a1b2c", Trigger.CLUSTER_EVENT);
    assertThat(gauge("mooring.drifted.fields")).isZero();
    assertThat(
            engine
                .registry
                .get("mooring.app.status")
                .tag("app", "cache")
                .tag("status", "synced")
                .gauge()
                .value())
        .isEqualTo(1);
    assertThat(
            engine
                .registry
                .get("mooring.apply")
                .tag("action", "update")
                .tag("resource", "statefulset")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void aRemovedAppIsPrunedAloneUnlessItIsTheOnlyOne() {
    engine.sync(List.of(cache, events));

    AppResult removed =
        engine.reconciler(ReconcileMode.APPLY).reconcile(events.ref(), Trigger.WEBHOOK);

    assertThat(removed).isInstanceOf(AppResult.Synced.class);
    assertThat(engine.live(ConfigMap.class, events.ref(), "events-nats-config")).isNull();
    engine.server.resetCounts();

    AppResult last = engine.reconciler(ReconcileMode.APPLY).reconcile(cache.ref(), Trigger.WEBHOOK);

    assertThat(last).isInstanceOf(AppResult.Blocked.class);
    assertThat(((AppResult.Blocked) last).reasons())
        .singleElement()
        .asString()
        .contains("would prune 1 of 1 managed apps");
    assertThat(engine.server.writes()).isZero();
  }

  @Test
  void aFailedWriteIsReportedWithWhatWasAlreadyApplied() {
    engine.server.failNextWrites(422, 1);

    AppResult result =
        engine.reconciler(ReconcileMode.APPLY).reconcile(cache, "0a1b2c", Trigger.STARTUP);

    assertThat(result).isInstanceOf(AppResult.Failed.class);
    assertThat(((AppResult.Failed) result).error())
        .startsWith("apply of Secret team-a/cache-auth failed");
    assertThat(result.changes()).isEmpty();

    AppResult retried =
        engine.reconciler(ReconcileMode.APPLY).reconcile(cache, "0a1b2c", Trigger.POLL);
    assertThat(retried).isInstanceOf(AppResult.Synced.class);
    assertThat(retried.changes()).hasSize(SampleApps.render(cache).objects().size());
  }

  @Test
  void aSpecThatCannotBeRenderedIsInvalidAndTouchesNothing() {
    engine.sync(List.of(cache));
    engine.server.resetCounts();
    Reconciler failing =
        reconcilerRendering(
            (spec, live) -> {
              throw new SpecRenderException(
                  new SourceLocation("apps/cache.yaml", 4, 3), "spec.size", "must be a quantity");
            });

    ReconcileReport report = failing.reconcileAll("0a1b2c", List.of(cache), Map.of(), Trigger.POLL);

    assertThat(report.results())
        .singleElement()
        .isInstanceOf(AppResult.Invalid.class)
        .extracting(r -> ((AppResult.Invalid) r).errors().get(0))
        .isEqualTo("apps/cache.yaml:4:3 spec.size: cannot render: must be a quantity");
    assertThat(engine.server.writes()).isZero();
    assertThat(invalidStatus()).isEqualTo(1);
    assertThat(internalErrors()).isZero();
  }

  @Test
  void aRendererBugIsAnInternalFailureLoggedWithItsStackTraceAndTouchesNothing() {
    engine.sync(List.of(cache));
    engine.server.resetCounts();
    Reconciler buggy =
        reconcilerRendering(
            (spec, live) -> {
              throw new NullPointerException(
                  "Cannot invoke \"String.trim()\" because \"name\" is null");
            });

    String log;
    ReconcileReport report;
    AppResult single;
    try (CapturedStderr stderr = CapturedStderr.start()) {
      report = buggy.reconcileAll("0a1b2c", List.of(cache), Map.of(), Trigger.POLL);
      single = buggy.reconcile(cache, "0a1b2c", Trigger.CLUSTER_EVENT);
      log = stderr.text();
    }

    assertThat(report.results()).singleElement().isInstanceOf(AppResult.InternalFailure.class);
    AppResult.InternalFailure failure = (AppResult.InternalFailure) report.results().get(0);
    assertThat(failure.status()).isEqualTo("failed");
    assertThat(failure.stage()).isEqualTo("render");
    assertThat(failure.error())
        .startsWith("internal error in Mooring while rendering apps/cache.yaml")
        .contains("not a problem of the spec")
        .contains("java.lang.NullPointerException")
        .doesNotContain("cannot render");
    assertThat(report.hasErrors()).isTrue();
    assertThat(engine.server.writes()).as("the app's objects are not pruned").isZero();
    assertThat(log)
        .contains("internal error while rendering redis/team-a/cache")
        .contains("java.lang.NullPointerException")
        .contains("\tat io.mooring.core.reconcile.ReconcilerEntryPointsTest");
    assertThat(single)
        .as("a single app's reconcile too")
        .isInstanceOf(AppResult.InternalFailure.class);
    assertThat(internalErrors()).isEqualTo(2);
    assertThat(invalidStatus()).as("no spec is blamed").isZero();
    assertThat(
            engine
                .registry
                .get("mooring.app.status")
                .tag("app", "cache")
                .tag("status", "failed")
                .gauge()
                .value())
        .isEqualTo(1);
  }

  private Reconciler reconcilerRendering(AppRenderer renderer) {
    return new Reconciler(
        renderer, engine.cache, engine.applier, engine.metrics, ReconcileOptions.defaults());
  }

  private double invalidStatus() {
    return engine
        .registry
        .get("mooring.app.status")
        .tag("app", "cache")
        .tag("status", "invalid")
        .gauge()
        .value();
  }

  private double internalErrors() {
    return engine.registry.get("mooring.internal.errors").tag("stage", "render").counter().count();
  }

  private double gauge(String name) {
    return engine.registry.get(name).tag("app", "cache").gauge().value();
  }
}
