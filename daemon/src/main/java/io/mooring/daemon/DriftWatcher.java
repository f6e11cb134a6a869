package io.mooring.daemon;

import io.mooring.core.metrics.DriftMetrics;
import io.mooring.core.reconcile.AppLogFields;
import io.mooring.core.reconcile.AppResult;
import io.mooring.core.reconcile.Reconciler;
import io.mooring.core.reconcile.Trigger;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.status.AppStatusStore;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reacts to changes of managed objects in the cluster: the app alone is re-diffed (observe only, so
 * the drift shows in metrics and status at once), and in apply mode the drift is healed after
 * {@link SelfHealBackoff}'s delay. Events for one app are merged, so a burst costs one diff. Work
 * runs on the sync worker, never beside a sync.
 */
public final class DriftWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(DriftWatcher.class);

  private final Executor worker;
  private final ScheduledExecutorService timer;
  private final Reconciler observer;
  private final Reconciler applier;
  private final boolean selfHeal;
  private final SelfHealBackoff backoff;
  private final Function<AppRef, AppSpec> specs;
  private final Supplier<String> revision;
  private final AppStatusStore status;
  private final Predicate<AppRef> active;
  private final DriftMetrics metrics;
  private final Set<AppRef> pending = new LinkedHashSet<>();
  private final Set<AppRef> healing = new LinkedHashSet<>();
  private boolean scheduled;
  private volatile boolean stopped;

  /**
   * Diffs and heals scheduled or running. Nothing outside needs it; it lets the daemon's tests wait
   * until a cluster event's consequences are over instead of sleeping for a guessed time.
   */
  private final AtomicInteger outstanding = new AtomicInteger();

  public DriftWatcher(
      Executor worker,
      ScheduledExecutorService timer,
      Reconciler observer,
      Reconciler applier,
      boolean selfHeal,
      SelfHealBackoff backoff,
      Function<AppRef, AppSpec> specs,
      Supplier<String> revision,
      AppStatusStore status,
      Predicate<AppRef> active,
      DriftMetrics metrics) {
    this.worker = worker;
    this.timer = timer;
    this.observer = observer;
    this.applier = applier;
    this.selfHeal = selfHeal;
    this.backoff = backoff;
    this.specs = specs;
    this.revision = revision;
    this.status = status;
    this.active = active;
    this.metrics = metrics;
  }

  /** Called from informer threads: must return at once. */
  public void changed(AppRef app) {
    if (stopped) {
      return;
    }
    synchronized (pending) {
      pending.add(app);
      if (scheduled) {
        return;
      }
      scheduled = true;
      outstanding.incrementAndGet();
    }
    // A short pause lets the events of one edit (or of one apply) arrive before the diff.
    later(50, this::drain);
  }

  /**
   * Ignores cluster events from now on (shutdown): the informers keep delivering them until they
   * are closed, after the timer and worker that would handle them are gone.
   */
  public void stop() {
    stopped = true;
  }

  /** True when no event waits for its diff and no diff or heal is scheduled or running. */
  boolean idle() {
    return outstanding.get() == 0;
  }

  private void drain() {
    try {
      diffPending();
    } finally {
      outstanding.decrementAndGet();
    }
  }

  private void diffPending() {
    Set<AppRef> apps;
    synchronized (pending) {
      apps = new LinkedHashSet<>(pending);
      pending.clear();
      scheduled = false;
    }
    for (AppRef app : apps) {
      if (stopped) {
        // Shutting down: the events of a large sync may have queued thousands of diffs.
        return;
      }
      AppSpec spec = specs.apply(app);
      // Apps without a valid spec (removed, invalid) are left to the sync: their objects are not
      // drift, and they are not healed, so their past heals no longer matter.
      if (spec == null) {
        backoff.forget(app);
        continue;
      }
      if (revision.get() == null || !active.test(app)) {
        continue;
      }
      AppResult result = observer.reconcile(spec, revision.get(), Trigger.CLUSTER_EVENT);
      status.record(result, revision.get());
      if (selfHeal && result instanceof AppResult.Drifted) {
        scheduleHeal(app);
      }
    }
  }

  private void scheduleHeal(AppRef app) {
    synchronized (healing) {
      if (!healing.add(app)) {
        return;
      }
      outstanding.incrementAndGet();
    }
    Duration delay = backoff.nextDelay(app, System.nanoTime());
    AppLogFields.app(LOG.atInfo(), app)
        .addKeyValue("heal_in_ms", delay.toMillis())
        .log("app drifted in the cluster; healing it");
    later(delay.toMillis(), () -> heal(app));
  }

  /** Runs {@code task} on the sync worker after {@code millis}. */
  // The future is not kept: the timer's part can only fail by the worker refusing the task once
  // it is shut down, which is the point then; the task's own failures surface on the worker.
  @SuppressWarnings("FutureReturnValueIgnored")
  private void later(long millis, Runnable task) {
    timer.schedule(() -> worker.execute(task), millis, TimeUnit.MILLISECONDS);
  }

  private void heal(AppRef app) {
    try {
      synchronized (healing) {
        healing.remove(app);
      }
      AppSpec spec = specs.apply(app);
      if (spec == null || !active.test(app)) {
        return;
      }
      String applied = revision.get();
      AppResult result = applier.reconcile(spec, applied, Trigger.CLUSTER_EVENT);
      status.record(result, applied);
      if (result instanceof AppResult.Synced synced) {
        metrics.inSyncAt(synced, applied);
      }
    } finally {
      outstanding.decrementAndGet();
    }
  }
}
