package io.mooring.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How much to measure. Full: N = 100 and 1,000 (5,000 too with {@code --large}), 30 pushes and 30
 * drift edits per N, the daemon's own process at 100, 1,000 and 5,000 apps. Quick (CI smoke): N =
 * 100 and a few iterations of everything, the daemon's own process at 100 apps. Chaos runs 3
 * minutes in full mode, 2 in quick; its seed is the clock unless {@code --seed} names it. Three
 * sharded daemon processes share 5,000 apps in full mode, 100 in quick.
 */
public record BenchOptions(
    boolean quick,
    List<Integer> sizes,
    List<Integer> processSizes,
    int shardedApps,
    int pushes,
    int driftEdits,
    Duration webhookStorm,
    Duration chaos,
    long seed,
    Path output) {

  public static BenchOptions parse(String[] args) {
    boolean quick = false;
    boolean large = false;
    Path output = Path.of("bench", "results", "latest.md");
    long seed = System.currentTimeMillis();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--large" -> large = true;
        case "--seed" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--seed needs a number");
          }
          seed = Long.parseLong(args[++i]);
        }
        case "--out" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--out needs a file");
          }
          output = Path.of(args[++i]);
        }
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; usage: [--quick] [--large] [--seed N] [--out FILE]");
      }
    }
    if (quick) {
      return new BenchOptions(
          true,
          List.of(100),
          List.of(100),
          100,
          10,
          10,
          Duration.ofSeconds(3),
          Duration.ofSeconds(120),
          seed,
          output);
    }
    List<Integer> sizes = large ? List.of(100, 1_000, 5_000) : List.of(100, 1_000);
    return new BenchOptions(
        false,
        sizes,
        List.of(100, 1_000, 5_000),
        5_000,
        30,
        30,
        Duration.ofSeconds(5),
        Duration.ofSeconds(180),
        seed,
        output);
  }

  /**
   * A naive pass over 1,000 apps takes tens of seconds against the mock API: fewer repetitions
   * there.
   */
  public int baselineRepetitions(int apps) {
    if (quick) {
      return 1;
    }
    return apps <= 100 ? 3 : 1;
  }
}
