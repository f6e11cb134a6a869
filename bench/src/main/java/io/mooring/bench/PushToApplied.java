package io.mooring.bench;

import io.mooring.sandbox.ApplyingMockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 2: one spec changes in git, a signed webhook announces it, and the clock stops when the
 * mock API has received the last write that change needs. The daemon's own {@code
 * mooring_push_to_applied_seconds} is read beside it. Each push must write exactly the objects the
 * change alters.
 */
public final class PushToApplied {
  private static final String NAME = "2 push -> applied";

  private PushToApplied() {}

  /**
   * Runs the pushes; returns the p50 in seconds and leaves {@code files} at the repository's new
   * state.
   */
  public static double run(
      BenchDaemon daemon,
      ApplyingMockServer api,
      ServedConfigRepo repo,
      SpecCorpus corpus,
      Map<String, String> files,
      int pushes,
      ResultTable table)
      throws Exception {
    WebhookSender webhooks = daemon.webhooks();
    List<Double> harness = new ArrayList<>();
    List<Double> measuredByDaemon = new ArrayList<>();
    int requests = 0;
    int expectedTotal = 0;
    int writesTotal = 0;
    int mismatches = 0;
    long fetchesBefore = daemon.fetches();
    double fetchSecondsBefore = daemon.fetchSecondsTotal();
    // Push 0 warms the webhook connection and the code paths up: it is checked but not timed.
    for (int i = 0; i <= pushes; i++) {
      BenchApp app = corpus.apps().get(i % corpus.size());
      String before = files.get(app.path());
      String after = SpecCorpus.yaml(app, before.equals(SpecCorpus.yaml(app, false)));
      int expected = ChangedObjects.between(app.path(), before, after);
      Polling.settled(daemon::reconciledAll, Duration.ofMillis(100), Duration.ofMinutes(1));
      api.resetCounts();
      long appliedBefore = daemon.pushesApplied();
      double daemonSecondsBefore = daemon.pushSecondsTotal();
      String commit = repo.commit(app.path(), after, "resize " + app.name());
      files.put(app.path(), after);

      long start = System.nanoTime();
      String outcome = webhooks.push(commit);
      if (!WebhookSender.TRIGGERED.equals(outcome)) {
        throw new IllegalStateException("the daemon did not take push " + i + ": " + outcome);
      }
      long landed =
          Polling.until(
              () -> api.writes() >= expected, Duration.ofMinutes(1), "the writes of push " + i);
      Polling.until(
          () -> daemon.pushesApplied() > appliedBefore,
          Duration.ofMinutes(1),
          "the end of sync " + i);
      // Let the drift watcher's re-diff of the written objects run too: it must not write either.
      Polling.settled(daemon::reconciledAll, Duration.ofMillis(100), Duration.ofMinutes(1));
      if (i > 0) {
        harness.add((landed - start) / 1e9);
        measuredByDaemon.add(daemon.pushSecondsTotal() - daemonSecondsBefore);
      }
      RequestCounts counts = RequestCounts.of(api);
      requests += counts.total();
      writesTotal += counts.writes();
      expectedTotal += expected;
      if (counts.writes() != expected) {
        mismatches++;
        System.err.printf(
            "[bench] push %d (%s): %d writes, %d objects changed: %s%n",
            i,
            app.name(),
            counts.writes(),
            expected,
            api.writeLog().stream().map(w -> w.verb() + " " + w.path()).toList());
      }
    }
    double p50 = Percentiles.of(harness, 50);
    double p99 = Percentiles.of(harness, 99);
    int n = corpus.size();
    table.add(
        Row.info(
            NAME,
            n,
            "harness p50 %.0f ms, p99 %.0f ms over %d pushes (after 1 warm-up)"
                .formatted(p50 * 1e3, p99 * 1e3, pushes)));
    table.add(
        Row.goal(
            NAME, n, "p99 %.0f ms".formatted(p99 * 1e3), "<= 300 ms at N = 1,000", p99 <= 0.3));
    table.add(
        Row.info(
            NAME,
            n,
            "mooring_push_to_applied_seconds p50 %.0f ms, p99 %.0f ms (webhook received -> sync done)"
                .formatted(
                    Percentiles.of(measuredByDaemon, 50) * 1e3,
                    Percentiles.of(measuredByDaemon, 99) * 1e3)));
    long fetches = daemon.fetches() - fetchesBefore;
    table.add(
        Row.info(
            NAME,
            n,
            "of which git fetch over HTTP: mean %.0f ms"
                .formatted(
                    (daemon.fetchSecondsTotal() - fetchSecondsBefore)
                        / Math.max(1, fetches)
                        * 1e3)));
    table.add(
        Row.info(NAME, n, "requests per push %.1f".formatted(requests / (double) (pushes + 1))));
    table.add(
        Row.exact(
            NAME,
            n,
            "writes %d for %d changed objects (%d pushes off)"
                .formatted(writesTotal, expectedTotal, mismatches),
            "writes = changed objects, every push",
            mismatches == 0));
    return p50;
  }
}
