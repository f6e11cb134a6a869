package io.mooring.daemon;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sync job one at a time on a worker thread, never on the caller's (the HTTP event loop
 * must stay free). Triggers that arrive while a run is under way are merged into exactly one more
 * run, so a burst of webhooks costs at most two fetches: the running one and one that sees the
 * newest commit.
 */
public final class SyncCoordinator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncCoordinator.class);

  private final ExecutorService worker;
  private final Consumer<SyncRequest> job;
  private final AtomicLong completedRuns = new AtomicLong();
  private final Object lock = new Object();
  private boolean running;
  private boolean closed;
  private SyncRequest pending;

  public SyncCoordinator(ExecutorService worker, Consumer<SyncRequest> job) {
    this.worker = worker;
    this.job = job;
  }

  /** Asks for a run; returns at once. */
  public void trigger(SyncRequest request) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      pending = pending == null ? request : pending.merge(request);
      if (running) {
        return;
      }
      running = true;
    }
    worker.execute(this::drain);
  }

  private void drain() {
    while (true) {
      SyncRequest next;
      synchronized (lock) {
        next = pending;
        pending = null;
        if (next == null || closed) {
          running = false;
          lock.notifyAll();
          return;
        }
      }
      try {
        job.accept(next);
      } catch (RuntimeException e) {
        // One failed run must not stop later triggers from being served.
        LOG.error("sync run failed: {}", e.toString(), e);
      } finally {
        completedRuns.incrementAndGet();
      }
    }
  }

  public long completedRuns() {
    return completedRuns.get();
  }

  /** True while a run is under way or queued. */
  public boolean busy() {
    synchronized (lock) {
      return running;
    }
  }

  /**
   * Refuses new triggers, waits for the run under way to finish (graceful shutdown), then stops.
   */
  @Override
  public void close() throws InterruptedException {
    synchronized (lock) {
      closed = true;
      pending = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (running && System.nanoTime() < deadline) {
        lock.wait(1000);
      }
    }
    worker.shutdown();
    worker.awaitTermination(5, TimeUnit.SECONDS);
  }
}
