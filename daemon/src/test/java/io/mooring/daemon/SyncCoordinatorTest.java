package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.reconcile.Trigger;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SyncCoordinatorTest {

  @Test
  void aBurstOfHundredTriggersDuringARunCausesExactlyOneMoreRun() throws Exception {
    CountDownLatch firstRunStarted = new CountDownLatch(1);
    CountDownLatch releaseFirstRun = new CountDownLatch(1);
    List<SyncRequest> runs = new CopyOnWriteArrayList<>();
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger maxConcurrent = new AtomicInteger();
    SyncCoordinator coordinator =
        new SyncCoordinator(
            Executors.newFixedThreadPool(4),
            request -> {
              maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
              runs.add(request);
              firstRunStarted.countDown();
              await(releaseFirstRun);
              concurrent.decrementAndGet();
            });

    coordinator.trigger(SyncRequest.of(Trigger.WEBHOOK, 100));
    assertThat(firstRunStarted.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 100; i++) {
      coordinator.trigger(SyncRequest.of(i % 2 == 0 ? Trigger.WEBHOOK : Trigger.POLL, 200 + i));
    }
    releaseFirstRun.countDown();
    waitUntil(() -> !coordinator.busy());
    coordinator.close();

    assertThat(runs).hasSize(2);
    assertThat(maxConcurrent.get()).isEqualTo(1);
    assertThat(runs.get(1).triggers()).containsExactlyInAnyOrder(Trigger.WEBHOOK, Trigger.POLL);
    // Latency is measured from the webhook that waited longest in the coalesced run.
    assertThat(runs.get(1).firstWebhookNanos()).isEqualTo(200);
  }

  @Test
  void aFailingRunDoesNotStopLaterTriggers() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    SyncCoordinator coordinator =
        new SyncCoordinator(
            Executors.newSingleThreadExecutor(),
            request -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
              }
            });
    coordinator.trigger(SyncRequest.of(Trigger.POLL, 0));
    waitUntil(() -> coordinator.completedRuns() == 1 && !coordinator.busy());
    coordinator.trigger(SyncRequest.of(Trigger.POLL, 0));
    waitUntil(() -> coordinator.completedRuns() == 2);
    coordinator.close();
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void closeWaitsForTheRunUnderWayAndRefusesNewTriggers() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    SyncCoordinator coordinator =
        new SyncCoordinator(
            Executors.newSingleThreadExecutor(),
            request -> {
              started.countDown();
              sleep(300);
              finished.incrementAndGet();
            });
    coordinator.trigger(SyncRequest.of(Trigger.STARTUP, 0));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    coordinator.close();
    assertThat(finished.get()).isEqualTo(1);
    coordinator.trigger(SyncRequest.of(Trigger.POLL, 0));
    sleep(100);
    assertThat(finished.get()).isEqualTo(1);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as("condition reached within 10 s").isTrue();
  }
}
