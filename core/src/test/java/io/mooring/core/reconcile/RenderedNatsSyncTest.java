package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.render.nats.NatsRenderer;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.spec.SourceLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real NATS renderer through the engine: fresh random passwords on each render cause no drift.
 */
class RenderedNatsSyncTest {
  private final EngineHarness engine = new EngineHarness();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void secondSyncOfARenderedNatsAppWritesNothing() {
    Map<String, NatsSpec.NatsUser> users = new LinkedHashMap<>();
    users.put("app", new NatsSpec.NatsUser("app", null));
    NatsSpec spec =
        new NatsSpec(
            new AppRef(AppKind.NATS, "tenant-x", "events"),
            SourceLocation.ofFile("apps/events.yaml"),
            Map.of(),
            3,
            ResourcePreset.SMALL.resources(),
            null,
            false,
            users,
            new NatsSpec.Jetstream(true, new Quantity("10Gi")),
            Map.of(),
            Map.of());
    Reconciler reconciler =
        new Reconciler(
            (s, live) -> NatsRenderer.render((NatsSpec) s, RenderOptions.defaults(), live),
            engine.cache,
            engine.applier,
            engine.metrics,
            ReconcileOptions.defaults());

    ReconcileReport first =
        reconciler.reconcileAll("0a1b2c", List.of(spec), Map.of(), Trigger.STARTUP);
    engine.server.resetCounts();
    ReconcileReport second =
        reconciler.reconcileAll("0a1b2d", List.of(spec), Map.of(), Trigger.POLL);

    assertThat(first.creates())
        .hasSize(NatsRenderer.render(spec, RenderOptions.defaults()).objects().size());
    assertThat(second.hasDifferences()).as(ReportFormatter.format(second)).isFalse();
    assertThat(engine.server.writes()).isZero();
    List<HasMetadata> live = engine.cache.liveObjects(spec.ref());
    assertThat(live).hasSize(first.creates().size());
  }
}
