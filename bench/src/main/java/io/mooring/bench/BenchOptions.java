package io.mooring.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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
    Path output,
    Set<String> only) {

  /**
   * The scenarios {@code --only} can name: "1" runs 1 to 6 at each N (they share one daemon), the
   * others are run alone.
   */
  static final Set<String> SCENARIOS = Set.of("1", "6b", "11", "8", "10", "9", "7");

  /** True when {@code scenario} is to run: every one unless {@code --only} named some. */
  public boolean runs(String scenario) {
    return only.isEmpty() || only.contains(scenario);
  }

  public static BenchOptions parse(String[] args) {
    boolean quick = false;
    boolean large = false;
    Path output = Path.of("bench", "results", "latest.md");
    long seed = System.currentTimeMillis();
    Set<String> only = Set.of();
    Integer shardedApps = null;
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
        case "--only" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--only needs a list of scenarios, e.g. 11,8");
          }
          only = Set.of(args[++i].split(",", -1));
          if (!SCENARIOS.containsAll(only)) {
            throw new IllegalArgumentException(
                "--only takes scenarios among " + new TreeSet<>(SCENARIOS));
          }
        }
        case "--sharded-apps" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--sharded-apps needs a number");
          }
          shardedApps = Integer.parseInt(args[++i]);
        }
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; usage: [--quick] [--large] [--seed N] [--out FILE] [--only LIST]"
                    + " [--sharded-apps N]");
      }
    }
    if (quick) {
      return new BenchOptions(
          true,
          List.of(100),
          List.of(100),
          shardedApps == null ? 100 : shardedApps,
          10,
          10,
          Duration.ofSeconds(3),
          Duration.ofSeconds(120),
          seed,
          output,
          only);
    }
    List<Integer> sizes = large ? List.of(100, 1_000, 5_000) : List.of(100, 1_000);
    return new BenchOptions(
        false,
        sizes,
        List.of(100, 1_000, 5_000),
        shardedApps == null ? 5_000 : shardedApps,
        30,
        30,
        Duration.ofSeconds(5),
        Duration.ofSeconds(180),
        seed,
        output,
        only);
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
