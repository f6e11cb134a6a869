package io.mooring.bench;

import io.mooring.sandbox.ApplyingMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Scenario 6b: the daemon alone, as {@code java -jar mooring.jar serve} in its own JVM with the
 * chart's JVM options and memory limit, against the harness's mock API and git server. After its
 * first sync (and the drift watcher's re-diffs of that sync's writes) the heap is read after two
 * full collections and the resident set from {@code /proc}.
 */
public final class DaemonProcessMemory {
  private static final String NAME = "6b daemon process";
  private static final long MIB = 1024 * 1024;

  private DaemonProcessMemory() {}

  /** Heap and RSS in bytes at one size. */
  record Sample(int apps, long heapBytes, long rssBytes) {}

  public static void run(List<Integer> sizes, Path work, ResultTable table) throws Exception {
    Path jar = Path.of("cli", "target", "mooring.jar");
    Path values = Path.of("charts", "mooring", "values.yaml");
    if (!Files.isRegularFile(jar) || !Files.isRegularFile(values)) {
      table.add(
          Row.info(
              NAME,
              0,
              "not measured: run from the project's root after packaging the CLI (%s)"
                  .formatted(jar)));
      return;
    }
    ChartJvmSettings jvm = ChartJvmSettings.read(values);
    table.add(
        Row.info(
            NAME,
            0,
            "JVM options as in the chart: %s".formatted(String.join(" ", jvm.commandLine()))));
    List<Sample> samples = new ArrayList<>();
    for (int apps : sizes) {
      try {
        samples.add(measure(apps, jar, jvm, work, table));
      } catch (IllegalStateException ended) {
        // A daemon that outgrows the chart's limit ends (ExitOnOutOfMemoryError): that is a
        // figure too, and the scenarios after this one still run.
        Path log = work.resolve("process-" + apps + ".log");
        boolean outOfMemory =
            Files.isRegularFile(log) && Files.readString(log).contains("OutOfMemoryError");
        table.add(
            Row.goal(
                NAME,
                apps,
                outOfMemory
                    ? "the daemon ran out of heap under the chart's limit before its first sync"
                    : "the daemon process ended before its first sync",
                "synced within the chart's limit",
                false));
        break;
      }
    }
    for (int i = 1; i < samples.size(); i++) {
      Sample small = samples.get(i - 1);
      Sample large = samples.get(i);
      double perApp =
          (large.heapBytes() - small.heapBytes()) / (double) (large.apps() - small.apps());
      table.add(
          Row.goal(
              NAME,
              large.apps(),
              "heap growth per app %.1f KiB, RSS growth per app %.1f KiB (N = %,d -> %,d)"
                  .formatted(
                      perApp / 1024,
                      (large.rssBytes() - small.rssBytes())
                          / (double) (large.apps() - small.apps())
                          / 1024,
                      small.apps(),
                      large.apps()),
              "heap <= 64 KiB per app",
              perApp <= 64 * 1024));
    }
  }

  private static Sample measure(
      int apps, Path jar, ChartJvmSettings jvm, Path work, ResultTable table) throws Exception {
    SpecCorpus corpus = SpecCorpus.of(apps);
    Map<String, String> files = new LinkedHashMap<>(corpus.files());
    Path kubeconfig = work.resolve("process-kubeconfig-" + apps);
    try (ServedConfigRepo repo =
            ServedConfigRepo.create(
                work.resolve("process-repo-" + apps), BenchDaemon.BRANCH, files);
        ApplyingMockServer api = ApplyingMockServer.withoutWriteLog()) {
      api.writeKubeconfig(kubeconfig);
      Path data = Files.createDirectories(work.resolve("process-data-" + apps));
      long start = System.nanoTime();
      try (DaemonProcess daemon =
          DaemonProcess.start(
              jar,
              // Tracking costs a few MiB of its own; it is how the table can say where RSS goes.
              jvm.withOption("-XX:NativeMemoryTracking=summary"),
              kubeconfig,
              repo.uri(),
              data,
              work.resolve("process-" + apps + ".log"))) {
        Polling.until(
            () -> {
              if (!daemon.alive()) {
                throw new IllegalStateException("the daemon process ended; see its log in " + work);
              }
              return daemon.ready();
            },
            Duration.ofMinutes(30),
            "the daemon process's first sync");
        double seconds = (System.nanoTime() - start) / 1e9;
        // The drift watcher re-diffs the apps whose writes the informers delivered.
        Polling.settled(daemon::reconciled, Duration.ofSeconds(2), Duration.ofMinutes(10));
        long heap = daemon.heapAfterGc();
        long rss = daemon.rss();
        table.add(Row.info(NAME, apps, committedByCategory(daemon.nativeMemoryKib())));
        table.add(Row.info(NAME, apps, largestOnHeap(daemon.largestOnHeap(6))));
        table.add(
            Row.info(
                NAME,
                apps,
                "synced in %.1f s (JVM start included); heap after GC %.0f MiB"
                    .formatted(seconds, heap / (double) MIB)));
        table.add(
            Row.goal(
                NAME,
                apps,
                "RSS %.0f MiB (chart: request %d MiB, limit %d MiB)"
                    .formatted(
                        rss / (double) MIB,
                        jvm.memoryRequestBytes() / MIB,
                        jvm.memoryLimitBytes() / MIB),
                "<= 256 MiB at N = 1,000",
                apps != 1_000 || rss <= 256 * MIB));
        return new Sample(apps, heap, rss);
      }
    }
  }

  /** Which classes the live heap is made of, for the per-app growth's cause. */
  static String largestOnHeap(Map<String, Long> bytes) {
    return "largest on the heap after GC (MiB): "
        + bytes.entrySet().stream()
            .map(entry -> "%s %.1f".formatted(entry.getKey(), entry.getValue() / (double) MIB))
            .collect(Collectors.joining(", "));
  }

  /**
   * The JVM's own account of what it committed, largest first: which part of the resident set is
   * heap, class metadata, compiled code, thread stacks, the collector's structures and the rest.
   */
  static String committedByCategory(Map<String, Long> kib) {
    long threads = kib.getOrDefault("threads", 0L);
    String parts =
        kib.entrySet().stream()
            .filter(entry -> !entry.getKey().equals("threads") && entry.getValue() >= 1024)
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .map(
                entry ->
                    "%s %d"
                        .formatted(
                            entry.getKey().toLowerCase(Locale.ROOT), entry.getValue() / 1024))
            .collect(Collectors.joining(", "));
    return "committed by the JVM (MiB, its native memory tracking): %s; %d threads"
        .formatted(parts.isEmpty() ? "not reported" : parts, threads);
  }
}
