package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.kube.Applier;
import io.mooring.core.kube.ClusterCache;
import io.mooring.core.kube.RetryPolicy;
import io.mooring.core.metrics.DriftMetrics;
import io.mooring.core.plan.PlanPolicy;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.testing.SampleApps;
import io.mooring.sandbox.ApplyingMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A mock API server with a cache, an applier and reconcilers in both modes, for one test. */
final class EngineHarness implements AutoCloseable {
  final ApplyingMockServer server = new ApplyingMockServer();
  final KubernetesClient client = server.createClient();
  final ClusterCache cache = ClusterCache.start(client, List.of(), Duration.ofSeconds(10));
  final MeterRegistry registry = new SimpleMeterRegistry();
  final DriftMetrics metrics = new DriftMetrics(registry);
  final Applier applier =
      new Applier(
          client,
          new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5)));

  Reconciler reconciler(ReconcileMode mode) {
    return reconciler(mode, PlanPolicy.defaults());
  }

  Reconciler reconciler(ReconcileMode mode, PlanPolicy policy) {
    return new Reconciler(
        (spec, live) -> SampleApps.render(spec),
        cache,
        applier,
        metrics,
        ReconcileOptions.defaults().withMode(mode).withPolicy(policy));
  }

  ReconcileReport sync(List<? extends AppSpec> specs) {
    return reconciler(ReconcileMode.APPLY).reconcileAll("0a1b2c", specs, Map.of(), Trigger.CLI);
  }

  /**
   * Writes an object behind Mooring's back (as a person with kubectl would) and waits for the
   * cache.
   */
  <T extends HasMetadata> T edit(T changed) {
    return awaitCached(client.resource(changed).update());
  }

  /**
   * Creates an object as a controller would (claims, pods) and waits for the cache if it is
   * managed.
   */
  <T extends HasMetadata> T create(T object) {
    T stored = client.resource(object).create();
    Map<String, String> labels = stored.getMetadata().getLabels();
    boolean managed =
        labels != null && MooringLabels.MANAGER.equals(labels.get(MooringLabels.MANAGED_BY));
    return managed && !(stored instanceof Pod) ? awaitCached(stored) : stored;
  }

  private <T extends HasMetadata> T awaitCached(T stored) {
    boolean seen =
        cache.awaitObserved(
            Map.of(ObjectKey.of(stored), stored.getMetadata().getResourceVersion()),
            Duration.ofSeconds(10));
    assertThat(seen).as("cache shows %s", ObjectKey.of(stored)).isTrue();
    return stored;
  }

  <T extends HasMetadata> T live(Class<T> type, AppRef app, String name) {
    return client.resources(type).inNamespace(app.namespace()).withName(name).get();
  }

  @Override
  public void close() {
    cache.close();
    client.close();
    server.close();
  }
}
