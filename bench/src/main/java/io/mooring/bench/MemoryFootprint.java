package io.mooring.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scenario 6: heap after a full GC and the process's resident set, with the daemon synced. The JVM
 * also holds the mock API server's store and the git server, so both figures are upper bounds.
 */
public final class MemoryFootprint {
  private static final String NAME = "6 memory";

  /** Heap and RSS in bytes. */
  public record Sample(int apps, long heapBytes, long rssBytes) {}

  private MemoryFootprint() {}

  public static Sample measure(int apps, ResultTable table) throws IOException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Polling.sleep(java.time.Duration.ofMillis(100));
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long rss = rss();
    table.add(Row.info(NAME, apps, "heap after GC %.0f MiB".formatted(heap / 1048576.0)));
    table.add(
        Row.goal(
            NAME,
            apps,
            "RSS %.0f MiB".formatted(rss / 1048576.0),
            "<= 512 MiB at N = 1,000",
            rss <= 512L * 1048576));
    return new Sample(apps, heap, rss);
  }

  /** Growth per app between two sizes. */
  public static void growth(Sample small, Sample large, ResultTable table) {
    double apps = large.apps() - small.apps();
    table.add(
        Row.info(
            NAME,
            large.apps(),
            "growth per app: heap %.1f KiB, RSS %.1f KiB (N = %,d -> %,d)"
                .formatted(
                    (large.heapBytes() - small.heapBytes()) / apps / 1024,
                    (large.rssBytes() - small.rssBytes()) / apps / 1024,
                    small.apps(),
                    large.apps())));
  }

  private static long rss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }
}
