package io.mooring.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.sandbox.ApplyingMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Scenario 1: empty cluster to every app applied, by the daemon's startup sync, against a floor
 * measured on a second, equally empty mock server: the same rendered objects created by plain
 * fabric8 calls, one request each, one at a time, through a client built the same way.
 */
public final class ColdSync {
  private static final String NAME = "1 cold sync";

  private ColdSync() {}

  /**
   * Creates a small corpus on a throwaway server and syncs it with a throwaway daemon, unmeasured:
   * the first size's floor and daemon would otherwise pay for loading and compiling the code that
   * every later measurement finds warm.
   */
  public static void warmUp(Path work) throws Exception {
    SpecCorpus corpus = SpecCorpus.of(20);
    try (ApplyingMockServer server = ApplyingMockServer.withoutWriteLog();
        KubernetesClient client = server.createClient()) {
      for (HasMetadata object : RenderedCorpus.objects(corpus.files())) {
        client.resource(object).create();
      }
    }
    try (ServedConfigRepo repo =
            ServedConfigRepo.create(
                work.resolve("warm-up-repo"), BenchDaemon.BRANCH, corpus.files());
        ApplyingMockServer api = ApplyingMockServer.withoutWriteLog();
        BenchDaemon daemon =
            BenchDaemon.start(api.createClient(), repo.uri(), work.resolve("warm-up-data"))) {
      Polling.until(() -> daemon.daemon().ready(), Duration.ofMinutes(5), "the warm-up sync");
    }
  }

  /** The floor's wall time in seconds; the objects stay on {@code plain} for the naive baseline. */
  public static double floor(ApplyingMockServer plain, SpecCorpus corpus, ResultTable table) {
    List<HasMetadata> objects = RenderedCorpus.objects(corpus.files());
    plain.resetCounts();
    Map<Long, ThreadCpu> threads = ThreadCpu.all();
    long cpu = NoOpResync.processCpuNanos();
    long start = System.nanoTime();
    try (KubernetesClient client = plain.createClient()) {
      for (HasMetadata object : objects) {
        client.resource(object).create();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    table.add(
        Row.info(
            NAME,
            corpus.size(),
            "floor: %,d objects created in %.2f s (%s)"
                .formatted(objects.size(), seconds, RequestCounts.of(plain))));
    table.add(Row.info(NAME, corpus.size(), "floor " + cpuSince(threads, cpu, objects.size())));
    return seconds;
  }

  /** Starts the daemon on the empty {@code api} and waits for its first sync to finish. */
  public static BenchDaemon daemon(
      ApplyingMockServer api,
      String repoUrl,
      Path dataDir,
      SpecCorpus corpus,
      double floorSeconds,
      ResultTable table)
      throws Exception {
    api.resetCounts();
    Map<Long, ThreadCpu> threads = ThreadCpu.all();
    long cpu = NoOpResync.processCpuNanos();
    long start = System.nanoTime();
    BenchDaemon daemon = BenchDaemon.start(api.createClient(), repoUrl, dataDir);
    Polling.until(() -> daemon.daemon().ready(), Duration.ofMinutes(20), "the startup sync");
    double seconds = (System.nanoTime() - start) / 1e9;
    String spent = cpuSince(threads, cpu, api.requests("APPLY"));
    RequestCounts requests = RequestCounts.of(api);
    double ratio = seconds / floorSeconds;
    table.add(
        Row.info(
            NAME,
            corpus.size(),
            "daemon: %.2f s from start to synced (%s)".formatted(seconds, requests)));
    table.add(Row.info(NAME, corpus.size(), "daemon " + spent));
    table.add(
        Row.goal(
            NAME, corpus.size(), "ratio to floor %.2f".formatted(ratio), "<= 1.2", ratio <= 1.2));
    return daemon;
  }

  /**
   * The process's CPU since a reading, per object written and by thread: the floor and the daemon
   * share two cores with the mock API server, so CPU the daemon spends beyond the server's is time
   * the server's requests wait for a core.
   */
  private static String cpuSince(Map<Long, ThreadCpu> threads, long processCpu, int objects) {
    long spent = NoOpResync.processCpuNanos() - processCpu;
    return "CPU %.1f s, %.1f ms per object; %s"
        .formatted(
            spent / 1e9,
            spent / 1e6 / Math.max(1, objects),
            ThreadCpu.describe(ThreadCpu.spentByGroup(threads, ThreadCpu.all()), spent, 6));
  }
}
