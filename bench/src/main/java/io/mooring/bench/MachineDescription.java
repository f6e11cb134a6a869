package io.mooring.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine the figures were measured on, printed above the table. */
public final class MachineDescription {
  private MachineDescription() {}

  public static String describe() {
    return "%d CPUs, %s memory, Java %s (%s), load average %.2f"
        .formatted(
            Runtime.getRuntime().availableProcessors(),
            memTotal(),
            System.getProperty("java.version"),
            System.getProperty("java.vm.name"),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  public static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return "%.1f GiB".formatted(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1048576.0);
        }
      }
    } catch (IOException | NumberFormatException unreadable) {
      // Not Linux: the figure is left out rather than guessed.
    }
    return "unknown";
  }
}
