package io.mooring.bench;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.sandbox.ApplyingMockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 4: someone edits a managed StatefulSet's image by hand; the clock runs from that write
 * until the app's {@code mooring_drifted_objects} gauge shows it. Each edit hits another app
 * (self-heal backs off per app), and the daemon heals them all before the next scenario.
 */
public final class DriftLatency {
  private static final String NAME = "4 drift detection";

  private DriftLatency() {}

  public static void run(
      BenchDaemon daemon, ApplyingMockServer api, SpecCorpus corpus, int edits, ResultTable table)
      throws Exception {
    List<Double> latencies = new ArrayList<>();
    List<BenchApp> edited = new ArrayList<>();
    try (KubernetesClient client = api.createClient()) {
      for (int i = 0; i < edits; i++) {
        BenchApp app = corpus.apps().get(corpus.size() - 1 - (i % corpus.size()));
        StatefulSet live =
            client
                .apps()
                .statefulSets()
                .inNamespace(app.namespace())
                .withLabel("app.kubernetes.io/instance", app.name())
                .list()
                .getItems()
                .get(0);
        StatefulSet tampered =
            new StatefulSetBuilder(live)
                .editSpec()
                .editTemplate()
                .editSpec()
                .editFirstContainer()
                .withImage("example.org/tampered:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        Polling.until(
            () -> daemon.driftedObjects(app) == 0,
            Duration.ofMinutes(1),
            "app " + app.name() + " in sync");
        long start = System.nanoTime();
        client.resource(tampered).update();
        long seen =
            Polling.until(
                () -> daemon.driftedObjects(app) >= 1,
                Duration.ofSeconds(30),
                "drift of " + app.name());
        latencies.add((seen - start) / 1e9);
        edited.add(app);
        Polling.sleep(Duration.ofMillis(100));
      }
    }
    for (BenchApp app : edited) {
      Polling.until(
          () -> daemon.driftedObjects(app) == 0,
          Duration.ofMinutes(2),
          "self-heal of " + app.name());
    }
    double p50 = Percentiles.of(latencies, 50);
    double p99 = Percentiles.of(latencies, 99);
    table.add(
        Row.info(NAME, corpus.size(), "p50 %.0f ms over %d edits".formatted(p50 * 1e3, edits)));
    table.add(
        Row.goal(NAME, corpus.size(), "p99 %.0f ms".formatted(p99 * 1e3), "<= 1 s", p99 <= 1.0));
  }
}
