package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.RedisDataSource;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.testing.LifecycleSpecs;
import io.mooring.core.testing.SampleApps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's part of a migration: the hook's progress is recorded on the StatefulSet, a new
 * reconciler (a restart) continues from the record, and nothing is done once it says done.
 */
class MigrationReconcileTest {
  private final EngineHarness engine = new EngineHarness();
  private final List<String> seen = new ArrayList<>();

  /** Each call moves one state on: none → replicating → done. */
  private final MigrationHook oneStepAtATime =
      (spec, record) -> {
        String state = record.read().orElse("none");
        seen.add(state);
        record.write("none".equals(state) ? "replicating" : MigrationHook.DONE);
        return new MigrationHook.Progress(!"none".equals(state), "step from " + state);
      };

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void progressIsRecordedOnTheStatefulSetAndSurvivesARestart() {
    RedisSpec spec = migrating();

    sync(spec, oneStepAtATime);
    assertThat(record()).isEqualTo("replicating");

    // A new reconciler, as after a restart of Mooring: it continues from the record.
    sync(spec, oneStepAtATime);
    assertThat(record()).isEqualTo(MigrationHook.DONE);

    sync(spec, oneStepAtATime);
    assertThat(seen).containsExactly("none", "replicating");
  }

  @Test
  void aStepThatFailsFailsTheAppWithoutThePassword() {
    MigrationHook unreachable =
        (spec, record) -> {
          throw new IllegalStateException("cannot reach Redis at legacy.example:6379");
        };

    AppResult result = sync(migrating(), unreachable).results().get(0);

    assertThat(result).isInstanceOf(AppResult.Failed.class);
    assertThat(((AppResult.Failed) result).error())
        .contains("migration from legacy.example:6379 did not advance", "cannot reach Redis")
        .doesNotContain("legacy-secret");
  }

  private static RedisSpec migrating() {
    RedisSpec base =
        LifecycleSpecs.with(
            SampleApps.redisSpec("team-a", "orders", 1, "1Gi"), ResourcePreset.NANO.resources());
    return new RedisSpec(
        base.ref(),
        base.source(),
        base.annotations(),
        base.replicas(),
        base.resources(),
        base.size(),
        base.storageClass(),
        base.external(),
        base.authEnabled(),
        base.lifecycle(),
        base.engine(),
        base.persistence(),
        new RedisDataSource.Migration(
            "legacy.example",
            6379,
            null,
            "legacy-secret",
            false,
            RedisDataSource.Migration.Method.REPLICATION));
  }

  private ReconcileReport sync(RedisSpec spec, MigrationHook hook) {
    Renderer renderer = new Renderer(RenderOptions.defaults());
    return new Reconciler(
            renderer::render,
            engine.cache,
            engine.applier,
            engine.metrics,
            ReconcileOptions.defaults(),
            ServerHooks.NONE.withMigration(hook))
        .reconcileAll("0a1b2c", List.of(spec), Map.of(), Trigger.CLI);
  }

  private String record() {
    StatefulSet set =
        engine.client.apps().statefulSets().inNamespace("team-a").withName("orders-redis").get();
    return set.getMetadata().getAnnotations().get(MigrationHook.ANNOTATION);
  }
}
