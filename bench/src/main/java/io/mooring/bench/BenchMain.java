package io.mooring.bench;

import ch.qos.logback.classic.Level;
import io.mooring.sandbox.ApplyingMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Runs every scenario at every size and prints one Markdown table (also written to {@code
 * bench/results/latest.md}). Exits 1 when an exact-count goal fails: those are bugs, not noise.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    // The daemon logs every reconcile and webhook; at thousands per second that is what would be
    // measured.
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.WARN);
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    String machine = MachineDescription.describe();
    long start = System.nanoTime();
    ResultTable table = new ResultTable();
    Path work = Files.createTempDirectory("mooring-bench");
    try {
      if (options.runs("1")) {
        ColdSync.warmUp(work);
        List<MemoryFootprint.Sample> memory = new ArrayList<>();
        for (int apps : options.sizes()) {
          memory.add(runSize(apps, options, work, table));
        }
        if (memory.size() > 1) {
          MemoryFootprint.growth(memory.get(0), memory.get(memory.size() - 1), table);
        }
      }
      if (options.runs("6b")) {
        DaemonProcessMemory.run(options.processSizes(), work, table);
      }
      if (options.runs("11")) {
        ShardedProcesses.run(options.shardedApps(), options.pushes(), work, table);
      }
      if (options.runs("8")) {
        LargeRepoMirror.run(work, options.quick() ? 3 : 5, table);
      }
      if (options.runs("10")) {
        ChaosRun.run(work, options.chaos(), options.seed(), table);
      }
      if (options.runs("9")) {
        BackupRestore.run(work, table);
      }
      if (options.runs("7")) {
        MicroBenchmarks.run(options.quick(), table);
      }
    } finally {
      deleteTree(work);
    }
    String report =
        "Mooring benchmark, %s mode, %s%n%nMachine: %s; load average at the end %.2f; took %.0f s.%n%n%s"
            .formatted(
                options.quick() ? "quick" : "full",
                Instant.now(),
                machine,
                MachineDescription.load(),
                (System.nanoTime() - start) / 1e9,
                table.markdown());
    System.out.println(report);
    if (options.output().getParent() != null) {
      Files.createDirectories(options.output().getParent());
    }
    Files.writeString(options.output(), report);
    boolean ok = table.enforcedGoalsHold();
    if (!ok) {
      System.err.println("an exact-count goal failed (marked FAIL (exact) above)");
    }
    // Informer, Vert.x and Jetty threads would keep the JVM alive.
    System.exit(ok ? 0 : 1);
  }

  private static MemoryFootprint.Sample runSize(
      int apps, BenchOptions options, Path work, ResultTable table) throws Exception {
    SpecCorpus corpus = SpecCorpus.of(apps);
    Map<String, String> files = new LinkedHashMap<>(corpus.files());
    MemoryFootprint.Sample memory;
    try (ServedConfigRepo repo =
            ServedConfigRepo.create(work.resolve("repo-" + apps), BenchDaemon.BRANCH, files);
        ApplyingMockServer api = new ApplyingMockServer()) {
      ApplyingMockServer plain = new ApplyingMockServer();
      double floor;
      try {
        floor = ColdSync.floor(plain, corpus, table);
      } catch (RuntimeException e) {
        plain.close();
        throw e;
      }
      try (BenchDaemon daemon =
          ColdSync.daemon(api, repo.uri(), work.resolve("data-" + apps), corpus, floor, table)) {
        try {
          NoOpResync.run(daemon, api, corpus, table);
          double p50 = PushToApplied.run(daemon, api, repo, corpus, files, options.pushes(), table);
          NaiveBaseline.run(plain, files, options.baselineRepetitions(apps), p50, apps, table);
        } finally {
          plain.close();
        }
        memory = MemoryFootprint.measure(apps, table);
        DriftLatency.run(daemon, api, corpus, options.driftEdits(), table);
        WebhookThroughput.run(daemon, repo.tip(), apps, options.webhookStorm(), table);
      }
      LatencyColdSync.run(repo.uri(), work.resolve("latency-data-" + apps), corpus, table);
    }
    return memory;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
