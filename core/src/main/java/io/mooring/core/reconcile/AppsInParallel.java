package io.mooring.core.reconcile;

import io.mooring.core.spec.AppSpec;
import java.util.Collection;
import java.util.Iterator;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Reconciles the apps of a revision a few at a time. Each app is reconciled whole by one thread, so
 * its objects are still written one after the other in apply order; what runs in parallel is
 * different apps, whose requests the API server serves at once. {@link RevisionProgress} is told on
 * the calling thread only, and a stop request lets the apps under way finish and starts no other.
 */
final class AppsInParallel {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final int concurrency;

  AppsInParallel(int concurrency) {
    this.concurrency = concurrency;
  }

  /**
   * Reconciles every spec, at most {@code concurrency} at once.
   *
   * @param reconcile one app's whole reconcile; it turns its own failures into results
   * @return false when {@code progress} stopped it, leaving the apps not started as they were
   */
  boolean run(
      Collection<? extends AppSpec> specs,
      Function<AppSpec, AppResult> reconcile,
      RevisionProgress progress) {
    if (concurrency == 1 || specs.size() <= 1) {
      for (AppSpec spec : specs) {
        if (progress.stopRequested()) {
          return false;
        }
        progress.finished(reconcile.apply(spec));
      }
      return true;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(concurrency, specs.size()), threads());
    try {
      CompletionService<AppResult> done = new ExecutorCompletionService<>(pool);
      Iterator<? extends AppSpec> next = specs.iterator();
      int running = 0;
      boolean stopped = false;
      while (true) {
        while (!stopped && running < concurrency && next.hasNext()) {
          if (progress.stopRequested()) {
            stopped = true;
            break;
          }
          AppSpec spec = next.next();
          done.submit(() -> reconcile.apply(spec));
          running++;
        }
        if (running == 0) {
          return !stopped;
        }
        progress.finished(take(done));
        running--;
      }
    } finally {
      pool.shutdown();
    }
  }

  private static AppResult take(CompletionService<AppResult> done) {
    try {
      return done.take().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reconciling a revision", e);
    } catch (ExecutionException e) {
      // The reconcile turns its failures into results; what escapes is an Error.
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("an app's reconcile failed", e.getCause());
    }
  }

  /** Named for thread dumps; daemon threads, so that a stuck API call never holds the JVM. */
  private static ThreadFactory threads() {
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "mooring-reconcile-" + pool + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
