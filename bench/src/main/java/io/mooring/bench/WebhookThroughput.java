package io.mooring.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 5: a storm of signed pushes, each a new delivery, sent by several connections for a few
 * seconds while the daemon keeps syncing. Coalescing must turn them into a handful of fetches.
 */
public final class WebhookThroughput {
  private static final String NAME = "5 webhook throughput";
  private static final int SENDERS = 8;

  private WebhookThroughput() {}

  /**
   * {@code head} is the tracked branch's tip, which every push announces (as redeliveries would).
   */
  public static void run(
      BenchDaemon daemon, String head, int apps, Duration duration, ResultTable table)
      throws Exception {
    long fetchesBefore = daemon.fetches();
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < SENDERS; i++) {
        WebhookSender webhooks = daemon.webhooks();
        running.add(
            senders.submit(
                () -> {
                  while (System.nanoTime() < end) {
                    (WebhookSender.TRIGGERED.equals(webhooks.push(head)) ? accepted : refused)
                        .incrementAndGet();
                  }
                  return null;
                }));
      }
      for (Future<?> sender : running) {
        sender.get();
      }
    } finally {
      senders.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // A fetch started during the storm may still be running, slowed by it: wait until none has
    // ended for a while.
    Polling.settled(daemon::fetches, Duration.ofSeconds(3), Duration.ofMinutes(2));
    long fetches = daemon.fetches() - fetchesBefore;
    int pushes = accepted.get();
    table.add(
        Row.info(
            NAME,
            apps,
            "%.0f pushes/s accepted (%d in %.1f s, %d not triggered, %d connections, %d cores)"
                .formatted(
                    pushes / seconds,
                    pushes,
                    seconds,
                    refused.get(),
                    SENDERS,
                    Runtime.getRuntime().availableProcessors())));
    table.add(Row.info(NAME, apps, "%d fetches for %d pushes".formatted(fetches, pushes)));
  }
}
