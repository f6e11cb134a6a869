package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.plan.GuardOverride;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.plan.PruneAllowance;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.testing.SampleApps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A whole revision reconciled app by app: bounded memory, stops between apps, guard overrides. */
class RevisionReconcileTest {
  private static final String BEFORE = "0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed";
  private static final String MISTAKE = "5e1f00d5e1f00d5e1f00d5e1f00d5e1f00d5e1f0";
  private static final String REVERT = "7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e";

  private final EngineHarness engine = new EngineHarness();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void noMoreAppsAreRenderedAtOnceThanTheConcurrencyAllows() {
    List<RedisSpec> specs = caches(12);
    AtomicInteger rendered = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    AtomicInteger mostHeld = new AtomicInteger();
    AppRenderer counting =
        (spec, live) -> {
          mostHeld.accumulateAndGet(rendered.incrementAndGet() - finished.get(), Math::max);
          return SampleApps.render(spec);
        };
    Reconciler reconciler =
        new Reconciler(
            counting,
            engine.cache,
            engine.applier,
            new CountingListener(finished),
            ReconcileOptions.defaults().withConcurrency(3));

    ReconcileReport report = reconciler.reconcileAll(BEFORE, specs, Map.of(), Trigger.STARTUP);

    assertThat(report.results()).hasSize(12).allMatch(AppResult.Synced.class::isInstance);
    // A commit of thousands of apps must not hold every app's rendered objects at once.
    assertThat(mostHeld.get()).as("apps rendered and not yet finished, at most").isBetween(1, 3);
  }

  @Test
  void aStopBetweenAppsFinishesTheAppUnderWayAndLeavesTheRestAlone() {
    List<RedisSpec> specs = caches(5);
    List<AppResult> finished = new ArrayList<>();
    AtomicInteger announced = new AtomicInteger();
    RevisionProgress stopAfterTwo =
        new RevisionProgress() {
          @Override
          public void started(int apps) {
            announced.set(apps);
          }

          @Override
          public void finished(AppResult result) {
            finished.add(result);
          }

          @Override
          public boolean stopRequested() {
            return finished.size() == 2;
          }
        };

    // One app at a time, so that the stop falls between two apps.
    Reconciler oneAtATime =
        new Reconciler(
            (spec, live) -> SampleApps.render(spec),
            engine.cache,
            engine.applier,
            engine.metrics,
            ReconcileOptions.defaults().withConcurrency(1));
    boolean complete =
        oneAtATime.reconcileRevision(
            BEFORE, specs, Map.of(), Trigger.WEBHOOK, PruneAllowance.none(), stopAfterTwo);

    assertThat(complete).isFalse();
    assertThat(announced).hasValue(5);
    assertThat(finished).extracting(AppResult::app).containsExactly(ref(specs, 0), ref(specs, 1));
    assertThat(engine.cache.managedApps()).containsExactly(ref(specs, 0), ref(specs, 1));
  }

  @Test
  void aRevertAllowedByTheRevisionOfItsAppsPrunesPastTheGuardAndIsAudited() {
    RedisSpec kept = SampleApps.redisSpec("team-a", "kept", 1, "1Gi");
    List<RedisSpec> mistakes = caches(2);
    Reconciler reconciler = engine.reconciler(ReconcileMode.APPLY);
    reconciler.reconcileAll(BEFORE, List.of(kept), Map.of(), Trigger.WEBHOOK);
    List<RedisSpec> all = new ArrayList<>(mistakes);
    all.add(kept);
    reconciler.reconcileAll(MISTAKE, all, Map.of(), Trigger.WEBHOOK);

    ReconcileReport trapped =
        reconciler.reconcileAll(REVERT, List.of(kept), Map.of(), Trigger.WEBHOOK);
    assertThat(trapped.results())
        .filteredOn(result -> !result.app().equals(kept.ref()))
        .hasSize(2)
        .allMatch(result -> result instanceof AppResult.Blocked blocked && blocked.pruneHeld());

    List<AppResult> results = new ArrayList<>();
    List<GuardOverride> overrides = new ArrayList<>();
    PruneAllowance allowance =
        PruneAllowance.fromCommitMessage(
            "Revert the caches\n\nmooring.io/allow-prune: " + MISTAKE.substring(0, 12),
            "commit 7e7e7e7e7e7e by Jane");
    boolean complete =
        reconciler.reconcileRevision(
            REVERT,
            List.of(kept),
            Map.of(),
            Trigger.WEBHOOK,
            allowance,
            new RevisionProgress() {
              @Override
              public void finished(AppResult result) {
                results.add(result);
              }

              @Override
              public void guardOverridden(GuardOverride override) {
                overrides.add(override);
              }
            });

    assertThat(complete).isTrue();
    assertThat(results)
        .filteredOn(result -> !result.app().equals(kept.ref()))
        .hasSize(2)
        .allSatisfy(
            result -> {
              assertThat(result).isInstanceOf(AppResult.Synced.class);
              assertThat(result.changes()).anyMatch(ObjectAction.Prune.class::isInstance);
            });
    assertThat(engine.live(StatefulSet.class, ref(mistakes, 0), "cache-0-redis")).isNull();
    assertThat(engine.live(StatefulSet.class, kept.ref(), "kept-redis")).isNotNull();
    assertThat(overrides)
        .singleElement()
        .satisfies(
            override -> {
              assertThat(override.apps()).containsExactly(ref(mistakes, 0), ref(mistakes, 1));
              assertThat(override.allowedBy()).isEqualTo("commit 7e7e7e7e7e7e by Jane");
              assertThat(override.guard()).contains("would prune 2 of 3 managed apps");
            });
    assertThat(
            engine
                .registry
                .get("mooring.prune.guard.overrides")
                .tag("allowance", PruneAllowance.REVISION)
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void aReplicaWritesAndPrunesOnlyTheAppsItOwns() {
    List<RedisSpec> specs = caches(4);
    Reconciler reconciler = engine.reconciler(ReconcileMode.APPLY);
    List<AppResult> evens = new ArrayList<>();
    reconciler.reconcileRevision(
        BEFORE, specs, Map.of(), Trigger.STARTUP, PruneAllowance.none(), owning(evens, 0));

    assertThat(evens)
        .extracting(AppResult::app)
        .containsExactlyInAnyOrder(ref(specs, 0), ref(specs, 2));
    assertThat(engine.cache.managedApps()).containsExactly(ref(specs, 0), ref(specs, 2));

    reconciler.reconcileRevision(
        BEFORE,
        specs,
        Map.of(),
        Trigger.STARTUP,
        PruneAllowance.none(),
        owning(new ArrayList<>(), 1));
    List<RedisSpec> withoutOne = List.of(specs.get(0), specs.get(2), specs.get(3));
    List<AppResult> evensAgain = new ArrayList<>();
    reconciler.reconcileRevision(
        MISTAKE,
        withoutOne,
        Map.of(),
        Trigger.WEBHOOK,
        PruneAllowance.none(),
        owning(evensAgain, 0));

    // The app that left git belongs to the other replica: this one neither prunes nor reports it.
    assertThat(evensAgain)
        .extracting(AppResult::app)
        .containsExactlyInAnyOrder(ref(specs, 0), ref(specs, 2));
    assertThat(engine.live(StatefulSet.class, ref(specs, 1), "cache-1-redis")).isNotNull();

    List<AppResult> odds = new ArrayList<>();
    reconciler.reconcileRevision(
        MISTAKE, withoutOne, Map.of(), Trigger.WEBHOOK, PruneAllowance.none(), owning(odds, 1));

    assertThat(odds)
        .extracting(AppResult::app)
        .containsExactlyInAnyOrder(ref(specs, 3), ref(specs, 1));
    assertThat(engine.live(StatefulSet.class, ref(specs, 1), "cache-1-redis")).isNull();
  }

  /** A replica owning the apps cache-i with i of the given parity. */
  private static RevisionProgress owning(List<AppResult> results, int parity) {
    return new RevisionProgress() {
      @Override
      public void finished(AppResult result) {
        results.add(result);
      }

      @Override
      public boolean owns(AppRef app) {
        return Integer.parseInt(app.name().substring("cache-".length())) % 2 == parity;
      }
    };
  }

  private static List<RedisSpec> caches(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> SampleApps.redisSpec("team-a", "cache-" + i, 1, "1Gi"))
        .toList();
  }

  private static AppRef ref(List<RedisSpec> specs, int index) {
    return specs.get(index).ref();
  }

  /** Counts the apps whose outcome the reconciler reported, as the drift metrics see them. */
  private static final class CountingListener implements ReconcileListener {
    private final AtomicInteger finished;

    CountingListener(AtomicInteger finished) {
      this.finished = finished;
    }

    @Override
    public void record(AppResult result, String trigger, Duration took) {
      finished.incrementAndGet();
    }

    @Override
    public void forget(AppRef app) {}

    @Override
    public void countApplied(ObjectAction action) {}

    @Override
    public void internalError(String stage) {}

    @Override
    public void pruneGuardOverridden(String allowance) {}
  }
}
