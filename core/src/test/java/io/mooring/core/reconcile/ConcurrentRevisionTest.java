package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.render.common.ApplyOrder;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.testing.SampleApps;
import io.mooring.sandbox.ApplyingMockServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A whole revision reconciles several apps at once: each app's objects are still written in apply
 * order, one after the other, and what goes wrong with one app stays with that app.
 */
class ConcurrentRevisionTest {
  private static final String REVISION = "c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff";

  private final EngineHarness engine = new EngineHarness();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void appsAreReconciledTogetherAndEachAppsWritesKeepApplyOrder() throws Exception {
    List<RedisSpec> specs = caches(12);
    // The first three renders wait for one another: only apps reconciled at once all get past.
    CountDownLatch together = new CountDownLatch(3);
    Map<AppRef, Boolean> metTheOthers = new ConcurrentHashMap<>();
    AppRenderer meeting =
        (spec, live) -> {
          together.countDown();
          try {
            metTheOthers.put(spec.ref(), together.await(30, TimeUnit.SECONDS));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return SampleApps.render(spec);
        };

    ReconcileReport report =
        reconciler(meeting, 4).reconcileAll(REVISION, specs, Map.of(), Trigger.STARTUP);

    assertThat(report.results()).hasSize(12).allMatch(AppResult.Synced.class::isInstance);
    assertThat(metTheOthers).hasSize(12).doesNotContainValue(false);
    for (RedisSpec spec : specs) {
      List<Integer> ranks = writtenKindRanks(spec);
      assertThat(ranks)
          .as("kinds written for %s, by apply order rank", spec.ref())
          .hasSize(SampleApps.render(spec).objects().size())
          .isSorted();
    }
  }

  @Test
  void anAppThatFailsLeavesTheOthersSynced() {
    List<RedisSpec> specs = caches(10);
    AppRef refused = specs.get(5).ref();
    AppRef broken = specs.get(8).ref();
    // The server refuses every write of one app; another app renders an object Mooring cannot
    // handle (a bug), which must not stop the apps beside it.
    engine.server.failWritesTo("/" + refused.name() + "-", 422);
    AppRenderer renderer =
        (spec, live) ->
            spec.ref().equals(broken)
                ? new DesiredState(spec.ref(), List.of(new ConfigMap()))
                : SampleApps.render(spec);

    ReconcileReport report =
        reconciler(renderer, 4).reconcileAll(REVISION, specs, Map.of(), Trigger.STARTUP);

    Map<AppRef, String> statuses = new HashMap<>();
    report.results().forEach(result -> statuses.put(result.app(), result.status()));
    assertThat(statuses).hasSize(10);
    assertThat(statuses.get(refused)).isEqualTo("failed");
    assertThat(statuses.get(broken)).isEqualTo("failed");
    specs.stream()
        .map(AppSpec::ref)
        .filter(app -> !app.equals(refused) && !app.equals(broken))
        .forEach(app -> assertThat(statuses.get(app)).as("status of %s", app).isEqualTo("synced"));
    assertThat(engine.cache.managedApps()).hasSize(8).doesNotContain(refused, broken);
  }

  private Reconciler reconciler(AppRenderer renderer, int concurrency) {
    return new Reconciler(
        renderer,
        engine.cache,
        engine.applier,
        engine.metrics,
        ReconcileOptions.defaults().withConcurrency(concurrency));
  }

  /** The apply-order rank of each object written for the app, in the order the server got them. */
  private List<Integer> writtenKindRanks(AppSpec spec) {
    Map<String, String> kindByPath = new HashMap<>();
    for (HasMetadata object : SampleApps.render(spec).objects()) {
      kindByPath.put(
          plural(object.getKind()) + "/" + object.getMetadata().getName(), object.getKind());
    }
    List<Integer> ranks = new ArrayList<>();
    for (ApplyingMockServer.Write write : engine.server.writeLog()) {
      String path =
          write.path().contains("?")
              ? write.path().substring(0, write.path().indexOf('?'))
              : write.path();
      int name = path.lastIndexOf('/');
      int plural = path.lastIndexOf('/', name - 1);
      String kind = kindByPath.get(path.substring(plural + 1));
      if (kind != null) {
        ranks.add(ApplyOrder.rank(kind));
      }
    }
    return ranks;
  }

  private static String plural(String kind) {
    String lower = kind.toLowerCase(java.util.Locale.ROOT);
    return lower.endsWith("y") ? lower.substring(0, lower.length() - 1) + "ies" : lower + "s";
  }

  private static List<RedisSpec> caches(int count) {
    // Names that are no prefix of one another, so that a path names one app.
    return IntStream.range(0, count)
        .mapToObj(i -> SampleApps.redisSpec("team-a", "c%02d".formatted(i), 1, "1Gi"))
        .toList();
  }
}
