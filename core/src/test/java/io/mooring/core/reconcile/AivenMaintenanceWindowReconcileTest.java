package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.plan.PlanPolicy;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import io.mooring.core.testing.MovableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An Aiven spec's {@code maintenanceWindowDow}/{@code maintenanceWindowTime} hold back a
 * restart-only setting ({@code redis_io_threads}) until the window opens, while a live one ({@code
 * redis_timeout}) reaches the cluster at once.
 */
class AivenMaintenanceWindowReconcileTest {
  /** A Wednesday noon, far from the Friday 23:00 window. */
  private static final Instant WEDNESDAY = Instant.parse("2026-12-02T12:00:00Z");

  private static final Instant IN_THE_WINDOW = Instant.parse("2026-12-04T23:10:00Z");

  private final EngineHarness engine = new EngineHarness();
  private final MovableClock clock = new MovableClock(WEDNESDAY);

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void ioThreadsWaitForTheFridayWindowATimeoutDoesNot() {
    sync(PlanPolicy.defaults(), cache(1, 0));

    ReconcileReport threads = sync(PlanPolicy.defaults(), cache(4, 0));

    assertThat(threads.results().get(0)).isInstanceOf(AppResult.Waiting.class);
    assertThat(ReportFormatter.format(threads))
        .contains("  > Waiting for maintenance window 2026-12-04T23:00:00Z");
    assertThat(redisConf()).contains("io-threads 1\n").doesNotContain("io-threads 4");

    ReconcileReport timeout = sync(PlanPolicy.defaults(), cache(1, 300));

    assertThat(timeout.results().get(0)).isInstanceOf(AppResult.Synced.class);
    assertThat(redisConf()).contains("timeout 300\n");

    clock.set(IN_THE_WINDOW);
    ReconcileReport inWindow = sync(PlanPolicy.defaults(), cache(4, 300));

    assertThat(inWindow.results().get(0)).isInstanceOf(AppResult.Synced.class);
    assertThat(redisConf()).contains("io-threads 4\n", "timeout 300\n");
  }

  @Test
  void forceAppliesTheRestartOnlySettingOutsideTheWindow() {
    sync(PlanPolicy.defaults(), cache(1, 0));
    assertThat(sync(PlanPolicy.defaults(), cache(4, 0)).results().get(0))
        .isInstanceOf(AppResult.Waiting.class);

    ReconcileReport forced =
        sync(PlanPolicy.defaults().withSkipMaintenanceWindows(true), cache(4, 0));

    assertThat(forced.results().get(0)).isInstanceOf(AppResult.Synced.class);
    assertThat(redisConf()).contains("io-threads 4\n");
  }

  private static AppSpec cache(int ioThreads, int timeout) {
    String yaml =
        """
        apiVersion: aiven.io/v1alpha1
        kind: Redis
        metadata:
          name: cache
          namespace: team-a
        spec:
          project: p
          plan: startup-1
          maintenanceWindowDow: friday
          maintenanceWindowTime: "23:00:00"
          userConfig:
            redis_io_threads: %d
            redis_timeout: %d
        """
            .formatted(ioThreads, timeout);
    SpecParseResult result =
        SpecParser.standard(SpecParserOptions.defaults())
            .parse(List.of(SpecFile.of("team-a/cache.yaml", yaml)));
    assertThat(result.errors()).isEmpty();
    return result.specs().get(0);
  }

  private ReconcileReport sync(PlanPolicy policy, AppSpec spec) {
    Reconciler reconciler =
        new Reconciler(
            new Renderer(RenderOptions.defaults())::render,
            engine.cache,
            engine.applier,
            engine.metrics,
            ReconcileOptions.defaults().withPolicy(policy).withClock(clock));
    return reconciler.reconcileAll("0a1b2c", List.of(spec), Map.of(), Trigger.CLI);
  }

  private String redisConf() {
    return engine
        .client
        .configMaps()
        .inNamespace("team-a")
        .withName("cache-redis-config")
        .get()
        .getData()
        .get("redis.conf");
  }
}
