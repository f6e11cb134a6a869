package io.mooring.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.sandbox.ApplyingMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Scenario 1b: cold sync against an API that answers every request 5 ms late, as a real API server
 * over a network does. The floor is the same objects created one at a time (each create waits for
 * its answer); Mooring reconciles several apps at once and should hide most of the latency.
 */
public final class LatencyColdSync {
  private static final String NAME = "1b cold sync, 5 ms API latency";
  static final Duration LATENCY = Duration.ofMillis(5);

  private LatencyColdSync() {}

  public static void run(String repoUrl, Path dataDir, SpecCorpus corpus, ResultTable table)
      throws Exception {
    List<HasMetadata> objects = RenderedCorpus.objects(corpus.files());
    double floor;
    try (ApplyingMockServer plain = ApplyingMockServer.withoutWriteLog();
        KubernetesClient client = plain.createClient()) {
      plain.latency(LATENCY);
      long start = System.nanoTime();
      for (HasMetadata object : objects) {
        client.resource(object).create();
      }
      floor = (System.nanoTime() - start) / 1e9;
    }
    table.add(
        Row.info(
            NAME,
            corpus.size(),
            "floor: %,d objects created one at a time in %.2f s".formatted(objects.size(), floor)));
    try (ApplyingMockServer api = ApplyingMockServer.withoutWriteLog()) {
      api.latency(LATENCY);
      long start = System.nanoTime();
      try (BenchDaemon daemon = BenchDaemon.start(api.createClient(), repoUrl, dataDir)) {
        Polling.until(
            () -> daemon.daemon().ready(), Duration.ofMinutes(30), "the startup sync with latency");
        double seconds = (System.nanoTime() - start) / 1e9;
        double speedup = floor / seconds;
        table.add(
            Row.info(
                NAME, corpus.size(), "daemon: %.2f s from start to synced".formatted(seconds)));
        table.add(
            Row.goal(
                NAME,
                corpus.size(),
                "%.1fx faster than the floor".formatted(speedup),
                ">= 4x",
                speedup >= 4));
      }
    }
  }
}
