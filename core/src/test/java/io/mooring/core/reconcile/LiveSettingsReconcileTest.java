package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.mooring.core.redis.RedisConfChanges;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.render.redis.RedisDirectives;
import io.mooring.core.spec.ComputeResources;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.RedisTuning;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.testing.LifecycleSpecs;
import io.mooring.core.testing.SampleApps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runtime directives of a rewritten Redis config go to the running pods, unless the same sync
 * restarts them.
 */
class LiveSettingsReconcileTest {
  private final EngineHarness engine = new EngineHarness();
  private final List<Map<String, String>> applied = new ArrayList<>();
  private final LiveSettingsHook recording =
      (app, replicas, before, after) ->
          applied.add(RedisConfChanges.between(before, after, RedisDirectives::live).live());
  private final RedisSpec cache =
      LifecycleSpecs.with(
          SampleApps.redisSpec("team-a", "cache", 1, "1Gi"), ResourcePreset.NANO.resources());

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aConfigChangeThatRestartsNoPodIsSetOnTheServers() {
    sync(cache, "noeviction");
    assertThat(applied).isEmpty();

    sync(cache, "allkeys-random");

    assertThat(applied).containsExactly(Map.of("maxmemory-policy", "allkeys-random"));
  }

  @Test
  void aConfigChangeThatComesWithARestartIsLeftToTheRestart() {
    sync(cache, "noeviction");

    sync(
        LifecycleSpecs.with(
            cache, ComputeResources.explicit(new Quantity("500m"), new Quantity("2Gi"))),
        "allkeys-random");

    assertThat(applied).isEmpty();
  }

  /** Renders {@code spec} with {@code policy} as its {@code maxmemory-policy}, as Aiven's does. */
  private void sync(RedisSpec spec, String policy) {
    new Reconciler(
            new Renderer(RenderOptions.defaults())::render,
            engine.cache,
            engine.applier,
            engine.metrics,
            ReconcileOptions.defaults(),
            ServerHooks.NONE.withLiveSettings(recording))
        .reconcileAll(
            "0a1b2c",
            List.of(LifecycleSpecs.with(spec, new RedisTuning(Map.of("maxmemory-policy", policy)))),
            Map.of(),
            Trigger.CLI);
  }
}
