package io.mooring.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.plan.PruneAllowance;
import io.mooring.core.reconcile.AppResult;
import io.mooring.core.reconcile.ReconcileListener;
import io.mooring.core.spec.AppRef;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drift and sync outcomes as meters. Labels are bounded: app identity (kind, namespace, app), a
 * status out of five, a trigger, an action and a resource kind; never a commit or a field path.
 */
public final class DriftMetrics implements ReconcileListener {
  static final List<String> STATUSES =
      List.of("synced", "drifted", "waiting", "invalid", "failed", "blocked");

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<AppRef, AppGauges> apps = new ConcurrentHashMap<>();

  public DriftMetrics(MeterRegistry registry) {
    this(registry, Clock.systemUTC());
  }

  public DriftMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    // Exported at 0 from the start, so that an alert on its increase sees the first error.
    internalErrors(AppResult.InternalFailure.RENDER);
    guardOverrides(PruneAllowance.FORCE);
    guardOverrides(PruneAllowance.REVISION);
  }

  /** Records one app's outcome and how long its reconcile took. */
  @Override
  public void record(AppResult result, String trigger, Duration took) {
    AppGauges gauges = apps.computeIfAbsent(result.app(), this::register);
    STATUSES.forEach(
        status -> gauges.status.get(status).set(status.equals(result.status()) ? 1 : 0));
    // A result that did not read the cluster (invalid, internal failure) made no plan: it keeps
    // the last known drift and prune hold.
    if (!(result instanceof AppResult.Invalid || result instanceof AppResult.InternalFailure)) {
      boolean pending = result instanceof AppResult.Drifted || result instanceof AppResult.Blocked;
      int drifted = pending ? driftedObjects(result) : 0;
      gauges.driftedObjects.set(drifted);
      // The time drift began, kept while it lasts, so "drifted for more than 15 minutes" survives
      // restarts of Prometheus.
      if (drifted == 0) {
        gauges.driftSince.set(0);
      } else {
        gauges.driftSince.compareAndSet(0, clock.millis() / 1000);
      }
      gauges.driftedFields.set(
          pending ? result.diffs().stream().mapToInt(diff -> diff.drifts().size()).sum() : 0);
      gauges.pruneBlocked.set(
          result instanceof AppResult.Blocked blocked && blocked.pruneHeld() ? 1 : 0);
      gauges.deferredChanges.set(
          result instanceof AppResult.Waiting waiting ? waiting.deferred().size() : 0);
    }
    Timer.builder("mooring.reconcile.duration")
        .description("Time to reconcile one app")
        .tags("trigger", trigger, "result", result.status())
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  /** Counts one API write by action and resource kind. */
  @Override
  public void countApplied(ObjectAction action) {
    Counter.builder("mooring.apply")
        .description("API writes made by Mooring")
        .tags(
            "action", actionName(action), "resource", action.key().kind().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  /** Counts one bug of Mooring's own, by the stage it happened in. */
  @Override
  public void internalError(String stage) {
    internalErrors(stage).increment();
  }

  private Counter internalErrors(String stage) {
    return Counter.builder("mooring.internal.errors")
        .description("Internal errors of Mooring (bugs, not problems of a spec), by stage")
        .tags("stage", stage)
        .register(registry);
  }

  @Override
  public void pruneGuardOverridden(String allowance) {
    guardOverrides(allowance).increment();
  }

  private Counter guardOverrides(String allowance) {
    return Counter.builder("mooring.prune.guard.overrides")
        .description(
            "Syncs that pruned past the mass-prune or zero-specs guard because a person allowed it"
                + " (force: mooring sync --force; revision: a commit naming the revision)")
        .tags("allowance", allowance)
        .register(registry);
  }

  /** Drops the per-app meters of an app that no longer exists. */
  @Override
  public void forget(AppRef app) {
    AppGauges gauges = apps.remove(app);
    if (gauges != null) {
      gauges.meters.forEach(registry::remove);
    }
  }

  private AppGauges register(AppRef app) {
    Tags tags = Tags.of("kind", app.kind().id(), "namespace", app.namespace(), "app", app.name());
    AppGauges gauges = new AppGauges();
    for (String status : STATUSES) {
      AtomicInteger value = new AtomicInteger();
      gauges.status.put(status, value);
      gauges.meters.add(
          Gauge.builder("mooring.app.status", value, AtomicInteger::get)
              .description("1 for the app's current status")
              .tags(tags.and("status", status))
              .register(registry));
    }
    gauges.meters.add(
        Gauge.builder("mooring.drifted.objects", gauges.driftedObjects, AtomicInteger::get)
            .description("Objects of the app whose live fields differ from git")
            .tags(tags)
            .register(registry));
    gauges.meters.add(
        Gauge.builder("mooring.drifted.fields", gauges.driftedFields, AtomicInteger::get)
            .description("Fields of the app that differ from git")
            .tags(tags)
            .register(registry));
    gauges.meters.add(
        Gauge.builder("mooring.app.drift.since.timestamp", gauges.driftSince, AtomicLong::get)
            .description("Unix time at which the app's current drift began; 0 while it is in sync")
            .baseUnit("seconds")
            .tags(tags)
            .register(registry));
    gauges.meters.add(
        Gauge.builder("mooring.prune.blocked", gauges.pruneBlocked, AtomicInteger::get)
            .description(
                "1 while a prune guard or the app's termination protection holds back its prune")
            .tags(tags)
            .register(registry));
    gauges.meters.add(
        Gauge.builder(
                "mooring.maintenance.deferred.changes", gauges.deferredChanges, AtomicInteger::get)
            .description("Disruptive changes of the app waiting for its maintenance window")
            .tags(tags)
            .register(registry));
    return gauges;
  }

  /** Objects to create, update or prune; kept objects (retained) are not drift. */
  private static int driftedObjects(AppResult result) {
    return (int)
        result.changes().stream()
            .filter(action -> !(action instanceof ObjectAction.Retain))
            .map(ObjectAction::key)
            .distinct()
            .count();
  }

  private static String actionName(ObjectAction action) {
    if (action instanceof ObjectAction.Create) {
      return "create";
    }
    if (action instanceof ObjectAction.Update) {
      return "update";
    }
    if (action instanceof ObjectAction.Recreate) {
      return "recreate";
    }
    if (action instanceof ObjectAction.ExpandVolume) {
      return "expand";
    }
    if (action instanceof ObjectAction.Prune) {
      return "prune";
    }
    if (action instanceof ObjectAction.Orphan) {
      return "orphan";
    }
    return "retain";
  }

  private static final class AppGauges {
    final Map<String, AtomicInteger> status = new ConcurrentHashMap<>();
    final AtomicInteger driftedObjects = new AtomicInteger();
    final AtomicInteger driftedFields = new AtomicInteger();
    final AtomicInteger pruneBlocked = new AtomicInteger();
    final AtomicInteger deferredChanges = new AtomicInteger();
    final AtomicLong driftSince = new AtomicLong();
    final List<Meter> meters = new CopyOnWriteArrayList<>();
  }
}
