package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.diff.ObjectDiff;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's RedisInstance and RedisCluster, parsed and rendered for real, through the engine: they
 * are created, a second sync writes nothing, and a fourth master adds a shard without touching the
 * other three.
 */
class RenderedHeraSyncTest {
  private final EngineHarness engine = new EngineHarness();
  private final Renderer renderer = new Renderer(RenderOptions.defaults());

  @AfterEach
  void close() {
    engine.close();
  }

  private Reconciler reconciler() {
    return new Reconciler(
        renderer::render,
        engine.cache,
        engine.applier,
        engine.metrics,
        ReconcileOptions.defaults());
  }

  @Test
  void theSeedsAppsAreCreatedOnceAndAFourthMasterOnlyAddsItsShard() throws IOException {
    SpecParseResult parsed =
        SpecParser.standard(SpecParserOptions.defaults())
            .parsePaths(List.of(Path.of("src", "test", "resources", "spec", "hera")));
    List<AppSpec> specs = parsed.specs();
    assertThat(specs).hasSize(2);

    ReconcileReport first = reconciler().reconcileAll("0a1b2c", specs, Map.of(), Trigger.STARTUP);
    engine.server.resetCounts();
    ReconcileReport second = reconciler().reconcileAll("0a1b2d", specs, Map.of(), Trigger.POLL);

    int rendered = specs.stream().mapToInt(s -> renderer.render(s).objects().size()).sum();
    assertThat(first.hasErrors()).as(ReportFormatter.format(first)).isFalse();
    assertThat(first.creates()).hasSize(rendered);
    assertThat(second.hasDifferences()).as(ReportFormatter.format(second)).isFalse();
    assertThat(engine.server.writes()).isZero();

    RedisClusterSpec cluster =
        specs.stream()
            .filter(RedisClusterSpec.class::isInstance)
            .map(RedisClusterSpec.class::cast)
            .findFirst()
            .orElseThrow();
    RedisClusterSpec fourMasters =
        new RedisClusterSpec(
            cluster.ref(),
            cluster.source(),
            cluster.annotations(),
            4,
            cluster.replicasPerMaster(),
            cluster.resources(),
            cluster.size(),
            cluster.storageClass(),
            cluster.engine(),
            cluster.persistence());
    ReconcileReport scaled =
        reconciler().reconcileAll("0a1b2e", List.of(fourMasters), Map.of(), Trigger.POLL);

    assertThat(scaled.creates())
        .extracting(ObjectKey::kind, ObjectKey::name)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("StatefulSet", "my-redis-cluster-shard-3"));
    // Only the exporter learns the new nodes' scrape targets; no shard's pods change.
    assertThat(scaled.updates())
        .extracting(ObjectDiff::key)
        .extracting(ObjectKey::kind)
        .doesNotContain("StatefulSet", "ConfigMap");
  }
}
