package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.render.nats.NatsRenderer;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.ConnectionSecret;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.spec.SourceLocation;
import io.mooring.core.tls.NamespaceCa;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TLS apps through the engine: the namespace CA is created once and shared, a second sync writes
 * nothing (the live CA and certificate are kept), and an app without TLS leaves the CA alone.
 */
class NatsTlsReconcileTest {
  private final EngineHarness engine = new EngineHarness();
  private final Reconciler reconciler =
      new Reconciler(
          (s, live) -> NatsRenderer.render((NatsSpec) s, RenderOptions.defaults(), live),
          engine.cache,
          engine.applier,
          engine.metrics,
          ReconcileOptions.defaults());

  @AfterEach
  void close() {
    engine.close();
  }

  private static NatsSpec spec(String name, boolean tls) {
    return spec(name, tls, Map.of());
  }

  private static NatsSpec spec(String name, boolean tls, Map<String, String> annotations) {
    AppRef ref = new AppRef(AppKind.NATS, "tenant-x", name);
    Map<String, NatsSpec.NatsUser> users = new LinkedHashMap<>();
    users.put("app", new NatsSpec.NatsUser("app", null));
    return new NatsSpec(
        ref,
        SourceLocation.ofFile("apps/" + name + ".yaml"),
        annotations,
        3,
        ResourcePreset.SMALL.resources(),
        null,
        false,
        users,
        new NatsSpec.Jetstream(true, new Quantity("10Gi")),
        Map.of(),
        Map.of(),
        ConnectionSecret.defaultForNats(ref),
        tls);
  }

  private Secret ca() {
    return (Secret) engine.cache.get(new ObjectKey("Secret", "tenant-x", NamespaceCa.SECRET_NAME));
  }

  @Test
  void twoTlsAppsShareOneCaAndASecondSyncWritesNothing() {
    List<NatsSpec> specs =
        List.of(spec("events", true), spec("orders", true), spec("plain", false));

    ReconcileReport first = reconciler.reconcileAll("0a1b2c", specs, Map.of(), Trigger.STARTUP);
    Map<String, String> caData = Map.copyOf(ca().getData());
    engine.server.resetCounts();
    ReconcileReport second = reconciler.reconcileAll("0a1b2d", specs, Map.of(), Trigger.POLL);

    assertThat(first.creates()).isNotEmpty();
    assertThat(second.hasDifferences()).as(ReportFormatter.format(second)).isFalse();
    assertThat(engine.server.writes()).isZero();
    assertThat(ca().getData()).isEqualTo(caData);
    Secret events =
        (Secret) engine.cache.get(new ObjectKey("Secret", "tenant-x", "events-nats-tls"));
    Secret orders =
        (Secret) engine.cache.get(new ObjectKey("Secret", "tenant-x", "orders-nats-tls"));
    assertThat(events.getData().get("ca.crt"))
        .isEqualTo(orders.getData().get("ca.crt"))
        .isEqualTo(caData.get("ca.crt"));
  }

  @Test
  void removingTheOnlyTlsAppWithItsDataKeepsTheNamespaceCa() {
    NatsSpec events = spec("events", true, Map.of(AppSpec.DELETE_DATA_ON_REMOVAL, "true"));
    List<NatsSpec> three = List.of(events, spec("plain", false), spec("other", false));
    reconciler.reconcileAll("0a1b2c", three, Map.of(), Trigger.STARTUP);
    assertThat(ca()).isNotNull();

    reconciler.reconcileAll("0a1b2d", three.subList(1, 3), Map.of(), Trigger.POLL);

    assertThat(engine.cache.get(new ObjectKey("Secret", "tenant-x", "events-nats-tls")))
        .as("the app was removed")
        .isNull();
    assertThat(ca()).as("no app owns the CA").isNotNull();
  }
}
