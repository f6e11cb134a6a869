package io.mooring.daemon;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sync job one at a time on a worker thread, never on the caller's (the HTTP event loop
 * must stay free). Triggers that arrive while a run is under way are merged into exactly one more
 * run, so a burst of webhooks costs at most two fetches: the running one and one that sees the
 * newest commit. A run under way is told of both such triggers and of {@link #close()}, so that a
 * long one can stop between two apps (see {@link RunSignals}).
 */
public final class SyncCoordinator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncCoordinator.class);

  /**
   * How long {@link #close()} waits for the run under way to finish the app it is applying; after
   * that the worker is interrupted. Part of the daemon's shutdown bound (see {@link
   * Daemon#SHUTDOWN_BOUND}).
   */
  static final Duration APP_UNDER_WAY_WAIT = Duration.ofSeconds(30);

  private static final Duration WORKER_STOP_WAIT = Duration.ofSeconds(5);

  /** One sync run. */
  @FunctionalInterface
  public interface Job {
    void run(SyncRequest request, RunSignals signals);
  }

  /** What a run under way may ask between two apps, from the worker thread. */
  public interface RunSignals {
    /** True once the coordinator is closing: finish the app under way, then return. */
    boolean closing();

    /**
     * Every trigger received so far, counted. A run that sees the count grow knows that someone
     * asked for a newer state (a push, a poll) and may look whether it supersedes its own.
     */
    long triggersReceived();
  }

  private final ExecutorService worker;
  private final Job job;
  private final AtomicLong completedRuns = new AtomicLong();
  private final AtomicLong triggers = new AtomicLong();
  private final Object lock = new Object();
  private boolean running;
  private volatile boolean closed;
  private SyncRequest pending;
  private final RunSignals signals =
      new RunSignals() {
        @Override
        public boolean closing() {
          return closed;
        }

        @Override
        public long triggersReceived() {
          return triggers.get();
        }
      };

  public SyncCoordinator(ExecutorService worker, Job job) {
    this.worker = worker;
    this.job = job;
  }

  /** Asks for a run; returns at once. */
  public void trigger(SyncRequest request) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      triggers.incrementAndGet();
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
        job.run(next, signals);
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
   * Refuses new triggers, tells the run under way to stop after its current app and waits for that
   * (graceful shutdown: no app is left half applied), then stops. An app that is still not done
   * after {@link #APP_UNDER_WAY_WAIT} is interrupted, so that shutdown stays bounded.
   */
  @Override
  public void close() throws InterruptedException {
    synchronized (lock) {
      closed = true;
      pending = null;
      long deadline = System.nanoTime() + APP_UNDER_WAY_WAIT.toNanos();
      while (running && System.nanoTime() < deadline) {
        lock.wait(1000);
      }
      if (running) {
        LOG.warn(
            "the app under way did not finish within {} s; interrupting it",
            APP_UNDER_WAY_WAIT.toSeconds());
      }
    }
    worker.shutdownNow();
    worker.awaitTermination(WORKER_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
