package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.core.reconcile.Trigger;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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
            (request, signals) -> {
              maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
              runs.add(request);
              firstRunStarted.countDown();
              block(releaseFirstRun);
              concurrent.decrementAndGet();
            });

    coordinator.trigger(SyncRequest.of(Trigger.WEBHOOK, 100));
    assertThat(firstRunStarted.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 100; i++) {
      coordinator.trigger(SyncRequest.of(i % 2 == 0 ? Trigger.WEBHOOK : Trigger.POLL, 200 + i));
    }
    releaseFirstRun.countDown();
    await().until(() -> !coordinator.busy());
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
            (request, signals) -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
              }
            });
    coordinator.trigger(SyncRequest.of(Trigger.POLL, 0));
    await().until(() -> coordinator.completedRuns() == 1 && !coordinator.busy());
    coordinator.trigger(SyncRequest.of(Trigger.POLL, 0));
    await().until(() -> coordinator.completedRuns() == 2);
    coordinator.close();
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void closeWaitsForTheRunUnderWayAndRefusesNewTriggers() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    SyncCoordinator coordinator =
        new SyncCoordinator(
            Executors.newSingleThreadExecutor(),
            (request, signals) -> {
              started.countDown();
              block(release);
              finished.incrementAndGet();
            });
    coordinator.trigger(SyncRequest.of(Trigger.STARTUP, 0));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    AtomicReference<Thread> closer = new AtomicReference<>();
    CompletableFuture<Integer> finishedWhenClosed =
        CompletableFuture.supplyAsync(
            () -> {
              closer.set(Thread.currentThread());
              try {
                coordinator.close();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return finished.get();
            });

    // close() waits on the coordinator's lock for the run to end; the run ends only when released.
    await()
        .until(
            () ->
                finishedWhenClosed.isDone()
                    || (closer.get() != null
                        && closer.get().getState() == Thread.State.TIMED_WAITING));
    release.countDown();

    assertThat(finishedWhenClosed.get(10, TimeUnit.SECONDS))
        .as("runs finished when close() returned")
        .isEqualTo(1);
    long completed = coordinator.completedRuns();
    coordinator.trigger(SyncRequest.of(Trigger.POLL, 0));
    // A trigger is queued or refused before trigger() returns.
    assertThat(coordinator.busy()).as("a trigger after close is refused").isFalse();
    assertThat(coordinator.completedRuns()).isEqualTo(completed);
    assertThat(finished.get()).isEqualTo(1);
  }

  @Test
  void closeStopsALongRunOnceTheAppUnderWayIsDone() throws Exception {
    int apps = 100_000;
    AtomicInteger done = new AtomicInteger();
    AtomicBoolean appUnderWay = new AtomicBoolean();
    SyncCoordinator coordinator =
        new SyncCoordinator(
            Executors.newSingleThreadExecutor(),
            (request, signals) -> {
              for (int app = 0; app < apps && !signals.closing(); app++) {
                appUnderWay.set(true);
                // One app's work: a write and the wait for the cache to show it.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                appUnderWay.set(false);
                done.incrementAndGet();
              }
            });
    coordinator.trigger(SyncRequest.of(Trigger.WEBHOOK, 0));
    await().until(() -> done.get() >= 3);

    coordinator.close();

    assertThat(done.get()).as("apps done when close() returned").isLessThan(apps);
    assertThat(appUnderWay).as("an app left half done").isFalse();
    assertThat(coordinator.busy()).isFalse();
  }

  @Test
  void aRunSeesTheTriggersThatArriveWhileItRuns() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Long> counts = new CopyOnWriteArrayList<>();
    SyncCoordinator coordinator =
        new SyncCoordinator(
            Executors.newSingleThreadExecutor(),
            (request, signals) -> {
              counts.add(signals.triggersReceived());
              started.countDown();
              block(release);
              counts.add(signals.triggersReceived());
            });
    coordinator.trigger(SyncRequest.of(Trigger.POLL, 0));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    for (int i = 0; i < 3; i++) {
      coordinator.trigger(SyncRequest.of(Trigger.WEBHOOK, 100 + i));
    }
    release.countDown();
    await().until(() -> coordinator.completedRuns() == 2);
    coordinator.close();

    // The first run saw three triggers arrive; the run they were merged into starts from them.
    assertThat(counts).containsExactly(1L, 4L, 4L, 4L);
  }

  private static void block(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
