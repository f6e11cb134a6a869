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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drift and sync outcomes as meters. Labels are bounded: app identity (kind, app_namespace, app), a
 * status out of five, a trigger, an action and a resource kind. Two exceptions, bounded too: the
 * commit each app was last applied at (one series per app, {@code mooring_app_revision_info}), and
 * drifted field paths, capped in {@link DriftedFieldCounter}.
 *
 * <p>The app's namespace is the label {@code app_namespace}: {@code namespace} is the target label
 * Prometheus gives every series of a scraped pod, and would be renamed {@code exported_namespace}
 * on any scrape without {@code honor_labels}.
 *
 * <p>Drift is counted as episodes: an app whose live objects moved away from the revision already
 * applied (found by a cluster event or a resync, not by a new commit) counts one {@code
 * mooring_app_drift_detected_total}; when Mooring writes it back it counts one {@code
 * mooring_app_drift_healed_total}. In apply mode a hand edit is healed within seconds, long before
 * a scrape would see the gauges move; the counters keep it.
 */
public final class DriftMetrics implements ReconcileListener {
  static final List<String> STATUSES =
      List.of("synced", "drifted", "waiting", "invalid", "failed", "blocked");

  /**
   * Triggers that look at the cluster against the revision already applied: what they find is
   * drift.
   */
  private static final Set<String> DRIFT_TRIGGERS = Set.of("cluster_event", "resync");

  private final MeterRegistry registry;
  private final Clock clock;
  private final DriftStartStore starts;
  private final DriftedFieldCounter fields;
  private final Map<AppRef, AppGauges> apps = new ConcurrentHashMap<>();

  public DriftMetrics(MeterRegistry registry) {
    this(registry, Clock.systemUTC());
  }

  public DriftMetrics(MeterRegistry registry, Clock clock) {
    this(registry, clock, DriftStartStore.NONE);
  }

  /** {@code starts} keeps each app's drift start beyond this process (restarts, failovers). */
  public DriftMetrics(MeterRegistry registry, Clock clock, DriftStartStore starts) {
    this.registry = registry;
    this.clock = clock;
    this.starts = starts;
    this.fields = new DriftedFieldCounter(registry);
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
      countEpisode(gauges, result, trigger, drifted);
      // The time drift began, kept while it lasts (and in the start store beyond this process), so
      // "drifted for more than 15 minutes" survives restarts of Prometheus and of Mooring.
      if (drifted == 0) {
        if (gauges.driftSince.getAndSet(0) != 0) {
          starts.ended(result.app());
        }
      } else if (gauges.driftSince.get() == 0) {
        long start = starts.startOf(result.app()).orElse(0);
        if (start == 0) {
          start = clock.millis() / 1000;
          starts.started(result.app(), start);
        }
        gauges.driftSince.set(start);
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

  /**
   * Opens a drift episode when a look at the cluster (not a new commit) finds it changed, and
   * closes it when the app is in sync again, counting a heal when Mooring wrote it back.
   */
  private void countEpisode(AppGauges gauges, AppResult result, String trigger, int pending) {
    boolean wrote = result instanceof AppResult.Synced && driftedObjects(result) > 0;
    boolean driftTrigger = DRIFT_TRIGGERS.contains(trigger);
    // A held prune (Blocked) is a guard's decision about git, not a change in the cluster.
    boolean changedLive = result instanceof AppResult.Drifted && pending > 0;
    if (!gauges.inDrift && driftTrigger && (changedLive || wrote)) {
      gauges.inDrift = true;
      gauges.detected.increment();
      fields.count(result.changes());
    }
    if (gauges.inDrift && result instanceof AppResult.Synced) {
      gauges.inDrift = false;
      if (wrote) {
        gauges.healed.increment();
      }
    }
  }

  /**
   * The app is in sync with {@code revision} (a full commit id): {@code mooring_app_revision_info}
   * names it, and {@code mooring_app_last_applied_timestamp_seconds} moves when the revision
   * changes or Mooring wrote to the app. Answers "did my push apply?".
   */
  public void inSyncAt(AppResult.Synced result, String revision) {
    if (revision == null) {
      return;
    }
    AppGauges gauges = apps.computeIfAbsent(result.app(), this::register);
    synchronized (gauges) {
      boolean moved = !revision.equals(gauges.revision);
      if (moved) {
        if (gauges.revisionInfo != null) {
          registry.remove(gauges.revisionInfo);
          gauges.meters.remove(gauges.revisionInfo);
        }
        gauges.revision = revision;
        gauges.revisionInfo =
            Gauge.builder("mooring.app.revision.info", () -> 1)
                .description("1, labelled with the commit the app was last applied at")
                .tags(appTags(result.app()).and("revision", revision))
                .register(registry);
        gauges.meters.add(gauges.revisionInfo);
      }
      if (moved || driftedObjects(result) > 0) {
        gauges.lastApplied.set(clock.millis() / 1000);
      }
    }
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
      if (gauges.driftSince.get() != 0) {
        starts.ended(app);
      }
    }
  }

  private AppGauges register(AppRef app) {
    Tags tags = appTags(app);
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
    gauges.meters.add(
        Gauge.builder("mooring.app.last.applied.timestamp", gauges.lastApplied, AtomicLong::get)
            .description(
                "Unix time at which the app was last brought to a new revision or written to;"
                    + " 0 before that")
            .baseUnit("seconds")
            .tags(tags)
            .register(registry));
    gauges.detected =
        Counter.builder("mooring.app.drift.detected")
            .description(
                "Times the app's live objects were found changed away from the applied revision")
            .tags(tags)
            .register(registry);
    gauges.healed =
        Counter.builder("mooring.app.drift.healed")
            .description("Times Mooring wrote a drifted app back to the applied revision")
            .tags(tags)
            .register(registry);
    gauges.meters.add(gauges.detected);
    gauges.meters.add(gauges.healed);
    return gauges;
  }

  private static Tags appTags(AppRef app) {
    return Tags.of("kind", app.kind().id(), "app_namespace", app.namespace(), "app", app.name());
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
    if (action instanceof ObjectAction.ServerAsset asset) {
      return asset.verb().name().toLowerCase(Locale.ROOT);
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
    final AtomicLong lastApplied = new AtomicLong();
    final List<Meter> meters = new CopyOnWriteArrayList<>();
    Counter detected;
    Counter healed;
    // Written by the sync worker, one result at a time.
    volatile boolean inDrift;
    String revision;
    Meter revisionInfo;
  }
}
