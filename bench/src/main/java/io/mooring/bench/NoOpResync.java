package io.mooring.bench;

import io.mooring.core.reconcile.Trigger;
import io.mooring.sandbox.ApplyingMockServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;

/**
 * Scenario 3: a full resync with nothing changed in git or in the cluster re-renders and re-diffs
 * every app against the informer cache. It must cost no API request at all (the informers' watches
 * were opened before and stay open).
 */
public final class NoOpResync {
  private static final String NAME = "3 no-op resync";

  private NoOpResync() {}

  public static void run(
      BenchDaemon daemon, ApplyingMockServer api, SpecCorpus corpus, ResultTable table)
      throws Exception {
    // The cache events of earlier writes are re-diffed by the drift watcher; let that finish first.
    // Every app wrote objects, so every app is re-diffed at least once.
    Polling.until(
        () -> daemon.reconciled(Trigger.CLUSTER_EVENT.label()) >= corpus.size(),
        Duration.ofMinutes(10),
        "the drift watcher's re-diffs after the cold sync");
    Polling.settled(daemon::reconciledAll, Duration.ofMillis(500), Duration.ofMinutes(5));
    api.resetCounts();
    long before = daemon.reconciled(Trigger.RESYNC.label());
    Map<Long, ThreadCpu> threadsAtStart = ThreadCpu.all();
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    daemon.daemon().triggerSync(Trigger.RESYNC);
    Polling.until(
        () -> daemon.reconciled(Trigger.RESYNC.label()) >= before + corpus.size(),
        Duration.ofMinutes(10),
        "the resync of every app");
    long wallNanos = System.nanoTime() - start;
    long cpuNanos = processCpuNanos() - cpuStart;
    Map<String, Long> byThreadGroup = ThreadCpu.spentByGroup(threadsAtStart, ThreadCpu.all());
    // Writes a diff might wrongly trigger would follow the last reconcile closely.
    Polling.sleep(Duration.ofMillis(200));
    RequestCounts requests = RequestCounts.of(api);
    table.add(
        Row.exact(
            NAME,
            corpus.size(),
            "API writes %d".formatted(requests.writes()),
            "0",
            requests.writes() == 0));
    table.add(
        Row.goal(
            NAME,
            corpus.size(),
            "API reads %d (%s)".formatted(requests.get("GET"), requests),
            "0",
            requests.get("GET") == 0));
    double perApp = cpuNanos / 1e6 / corpus.size();
    table.add(
        Row.goal(
            NAME,
            corpus.size(),
            "process CPU %.0f ms, wall %.0f ms (%.2f ms CPU per app)"
                .formatted(cpuNanos / 1e6, wallNanos / 1e6, perApp),
            "<= 0.5 ms per app",
            perApp <= 0.5));
    table.add(Row.info(NAME, corpus.size(), ThreadCpu.describe(byThreadGroup, cpuNanos, 3)));
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
