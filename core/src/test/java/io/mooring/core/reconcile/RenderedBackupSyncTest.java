package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An app with backups and an app restored from it, through the engine: created once, a second sync
 * writes nothing, and removing {@code backup} stops the sidecar but keeps the backups.
 */
class RenderedBackupSyncTest {
  private static final String RESTORED =
      """
      ---
      apiVersion: cache.hera.io/v1alpha1
      kind: RedisInstance
      metadata: {name: orders-copy, namespace: shop}
      spec:
        restore: {fromApp: orders}
      """;
  private static final String SOURCE =
      """
      apiVersion: cache.hera.io/v1alpha1
      kind: RedisInstance
      metadata: {name: orders, namespace: shop}
      spec:
        backup: {schedule: "0 3 * * *", retain: 2, pointInTime: true}
      """;

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

  private static List<AppSpec> parse(String yaml) {
    SpecParseResult parsed =
        SpecParser.standard(SpecParserOptions.defaults())
            .parse(List.of(SpecFile.of("apps.yaml", yaml)));
    assertThat(parsed.errors()).isEmpty();
    return parsed.specs();
  }

  @Test
  void backupObjectsAreCreatedOnceAndTheBackupsOutliveTheBackupField() {
    List<AppSpec> specs = parse(SOURCE + RESTORED);
    ReconcileReport first = reconciler().reconcileAll("0a1b2c", specs, Map.of(), Trigger.STARTUP);
    engine.server.resetCounts();
    ReconcileReport second = reconciler().reconcileAll("0a1b2d", specs, Map.of(), Trigger.POLL);

    assertThat(first.hasErrors()).as(ReportFormatter.format(first)).isFalse();
    assertThat(first.creates())
        .contains(new ObjectKey("PersistentVolumeClaim", "shop", "orders-redis-backups"));
    assertThat(second.hasDifferences()).as(ReportFormatter.format(second)).isFalse();
    assertThat(engine.server.writes()).isZero();

    String withoutBackup = SOURCE.replaceAll("(?m)^  backup:.*\\n", "") + "  version: \"7.2\"\n";
    ReconcileReport third =
        reconciler()
            .reconcileAll("0a1b2e", parse(withoutBackup + RESTORED), Map.of(), Trigger.POLL);

    assertThat(third.hasErrors()).as(ReportFormatter.format(third)).isFalse();
    assertThat(third.prunes()).noneMatch(key -> key.kind().equals("PersistentVolumeClaim"));
    assertThat(
            engine
                .client
                .resources(PersistentVolumeClaim.class)
                .inNamespace("shop")
                .withName("orders-redis-backups")
                .get())
        .isNotNull();
    StatefulSet set =
        engine.client.apps().statefulSets().inNamespace("shop").withName("orders-redis").get();
    assertThat(set.getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getName())
        .doesNotContain("backup");
  }
}
