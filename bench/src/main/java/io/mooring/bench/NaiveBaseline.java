package io.mooring.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.core.kube.Applier;
import io.mooring.sandbox.ApplyingMockServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a blind reconciler does on every push: re-read and re-render every app and server-side apply
 * every object, changed or not. Run on the floor's server, which already holds all the objects.
 */
public final class NaiveBaseline {
  private static final String NAME = "2 push -> applied";

  private NaiveBaseline() {}

  public static void run(
      ApplyingMockServer plain,
      Map<String, String> files,
      int repetitions,
      double pushP50Seconds,
      int apps,
      ResultTable table) {
    List<Double> seconds = new ArrayList<>();
    plain.resetCounts();
    try (KubernetesClient client = plain.createClient()) {
      for (int i = 0; i < repetitions; i++) {
        long start = System.nanoTime();
        for (HasMetadata object : RenderedCorpus.objects(files)) {
          client
              .resource(object)
              .fieldManager(Applier.FIELD_MANAGER)
              .forceConflicts()
              .serverSideApply();
        }
        seconds.add((System.nanoTime() - start) / 1e9);
      }
    }
    double median = Percentiles.of(seconds, 50);
    double speedup = median / pushP50Seconds;
    table.add(
        Row.info(
            NAME,
            apps,
            "naive baseline %.2f s per push (%,d requests, median of %d)"
                .formatted(median, RequestCounts.of(plain).total() / repetitions, repetitions)));
    table.add(
        Row.goal(
            NAME,
            apps,
            "%.0fx faster than the baseline (p50)".formatted(speedup),
            ">= 50x",
            speedup >= 50));
  }
}
