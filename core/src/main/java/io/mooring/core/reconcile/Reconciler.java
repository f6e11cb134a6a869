package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.diff.Differ;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.health.Health;
import io.mooring.core.health.ObjectHealth;
import io.mooring.core.kube.Applier;
import io.mooring.core.kube.ClusterCache;
import io.mooring.core.plan.AppPlan;
import io.mooring.core.plan.DesiredPreparation;
import io.mooring.core.plan.GuardOverride;
import io.mooring.core.plan.LeavingShards;
import io.mooring.core.plan.MaintenanceDeferral;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.plan.PlanPolicy;
import io.mooring.core.plan.Planner;
import io.mooring.core.plan.PruneAllowance;
import io.mooring.core.plan.Removals;
import io.mooring.core.plan.SentinelTemplateHold;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.SpecRenderException;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.SpecError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * read cache → render (from the live Secrets) → prepare → diff → plan → apply (or only report) →
 * health, per app or for a whole commit. The caller serialises syncs (one reconcile of an app at a
 * time); a whole commit reconciles several apps at once, each on one thread.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final AppRenderer renderer;
  private final ClusterCache cache;
  private final Applier applier;
  private final ReconcileListener metrics;
  private final ReconcileOptions options;
  private final DepartedServers departed;
  private final PendingRolls rolls;
  private final AppAssets assets;
  private final Migrations migrations;
  private final LiveSettings liveSettings;
  private final TlsReload tlsReload;
  private final RedisClusters redisClusters;
  private final InSyncApps inSync;
  private final Map<String, Object> caCreation = new java.util.concurrent.ConcurrentHashMap<>();
  private final AclUsers aclUsers;
  private final PasswordRotations passwordRotations;
  private final Planner planner = new Planner(Differ.standard());

  public Reconciler(
      AppRenderer renderer,
      ClusterCache cache,
      Applier applier,
      ReconcileListener metrics,
      ReconcileOptions options) {
    this(renderer, cache, applier, metrics, options, ServerHooks.NONE);
  }

  /**
   * @param hooks how to reach the servers, for what the objects alone cannot do
   */
  public Reconciler(
      AppRenderer renderer,
      ClusterCache cache,
      Applier applier,
      ReconcileListener metrics,
      ReconcileOptions options,
      ServerHooks hooks) {
    this(renderer, cache, applier, metrics, options, hooks, new InSyncApps());
  }

  /**
   * @param hooks how to reach the servers, for what the objects alone cannot do
   * @param inSync the apps found in sync, shared with the process's other reconcilers
   */
  public Reconciler(
      AppRenderer renderer,
      ClusterCache cache,
      Applier applier,
      ReconcileListener metrics,
      ReconcileOptions options,
      ServerHooks hooks,
      InSyncApps inSync) {
    this.inSync = inSync;
    this.renderer = renderer;
    this.cache = cache;
    this.applier = applier;
    this.metrics = metrics;
    this.options = options;
    this.departed = new DepartedServers(hooks.scaleDown(), cache, applier, options.cacheWait());
    this.rolls = new PendingRolls(hooks.roll(), cache);
    this.assets = new AppAssets(hooks.serverAssets(), cache, options.mode(), metrics::countApplied);
    this.migrations = new Migrations(hooks.migration(), cache, applier, options.cacheWait());
    this.liveSettings = new LiveSettings(hooks.liveSettings());
    this.tlsReload = new TlsReload(hooks.tlsReload());
    this.redisClusters =
        new RedisClusters(hooks.redisCluster(), cache, applier, metrics::countApplied);
    this.aclUsers = new AclUsers(hooks.aclUsers());
    this.passwordRotations = new PasswordRotations(hooks.passwordRotation());
  }

  /** Reconciles one app whose spec is valid, e.g. after a change of that app in the cluster. */
  public AppResult reconcile(AppSpec spec, String revision, Trigger trigger) {
    long start = System.nanoTime();
    List<HasMetadata> live = cache.liveObjects(spec.ref());
    if (inSync.unchanged(spec, revision, live)) {
      // Rendered and compared with exactly these objects before, and found in sync.
      List<ObjectHealth> health = Health.ofAll(live);
      return finish(
          new AppResult.Synced(spec.ref(), List.of(), Health.overall(health), health),
          revision,
          trigger,
          start);
    }
    AppResult result;
    if (NamespaceSecrets.signsWithOwnCa(spec)
        && NamespaceSecrets.of(cache, spec.ref().namespace()).isEmpty()) {
      // Apps reconcile in parallel: the first TLS apps of a namespace would each create its CA.
      // One at a time, the later ones sign with the CA the first wrote.
      synchronized (caCreation.computeIfAbsent(spec.ref().namespace(), ns -> new Object())) {
        result = reconcile(spec, revision, trigger, start, null);
      }
    } else {
      result = reconcile(spec, revision, trigger, start, null);
    }
    if (result instanceof AppResult.Synced synced && synced.changes().isEmpty()) {
      inSync.inSync(spec, revision, live);
    } else {
      inSync.forget(spec.ref());
    }
    return result;
  }

  /**
   * @param earlier the changes of this sync's first pass when this is the pass that writes the
   *     Sentinel template held back while the data pods rolled; null on the first pass
   */
  private AppResult reconcile(
      AppSpec spec, String revision, Trigger trigger, long start, List<ObjectAction> earlier) {
    List<HasMetadata> shared = NamespaceSecrets.of(cache, spec.ref().namespace());
    List<HasMetadata> owned = cache.liveObjects(spec.ref());
    DesiredState rendered;
    try {
      rendered = renderer.render(spec, LiveSecrets.of(NamespaceSecrets.forRender(owned, shared)));
    } catch (SpecRenderException e) {
      return finish(
          new AppResult.Invalid(spec.ref(), List.of(renderError(e))), revision, trigger, start);
    } catch (RuntimeException e) {
      return finish(renderFailure(spec, e), revision, trigger, start);
    }
    List<HasMetadata> live = NamespaceSecrets.forPlan(owned, shared, rendered);
    DesiredState desired = DesiredPreparation.of(spec, revision).prepare(rendered, live);
    boolean sentinelsHeld = SentinelTemplateHold.hold(desired.objects(), byKey(live));
    MaintenanceDeferral.Timing timing =
        new MaintenanceDeferral.Timing(
            spec.lifecycle().maintenanceWindow(),
            options.clock().instant(),
            options.policy().skipMaintenanceWindows());
    LiveSettings.Change configChange = LiveSettings.change(spec, desired, live);
    AppPlan plan = planner.planPresent(desired, live, options.policy(), timing);
    boolean cluster = spec instanceof RedisClusterSpec && options.mode() == ReconcileMode.APPLY;
    LeavingShards.Held held = cluster ? LeavingShards.hold(plan) : null;
    AppResult result = execute(held != null ? held.plan() : plan, List.of(), spec);
    boolean passwordSwitched = false;
    if (options.mode() == ReconcileMode.APPLY
        && (result instanceof AppResult.Synced || result instanceof AppResult.Waiting)) {
      String unapplied =
          spec instanceof RedisSpec redis
              ? liveSettings.apply(redis, configChange, result.changes())
              : null;
      if (unapplied == null && spec instanceof RedisSpec redis) {
        unapplied = tlsReload.apply(redis, result.changes(), live);
      }
      if (unapplied == null && spec instanceof RedisSpec redis) {
        unapplied = aclUsers.apply(redis, live);
      }
      if (unapplied == null && spec instanceof RedisSpec redis) {
        PasswordRotations.Outcome rotation = passwordRotations.apply(redis, live);
        unapplied = rotation.failure();
        passwordSwitched = rotation.switched();
      }
      String failure = unapplied != null ? unapplied : migrations.advance(spec);
      if (failure != null) {
        result = new AppResult.Failed(spec.ref(), failure, result.changes());
      }
    }
    if (held != null) {
      RedisClusterSpec redisCluster = (RedisClusterSpec) spec;
      result = redisClusters.after(redisCluster, result, held.leaving());
      // After the cluster's own arrangement: a node still on its old certificate must not hold
      // back the slots.
      if (result instanceof AppResult.Synced) {
        String unapplied = tlsReload.apply(redisCluster, result.changes(), live);
        if (unapplied == null) {
          unapplied = aclUsers.apply(redisCluster, live);
        }
        if (unapplied == null) {
          PasswordRotations.Outcome rotation = passwordRotations.apply(redisCluster, live);
          unapplied = rotation.failure();
          passwordSwitched = rotation.switched();
        }
        if (unapplied != null) {
          result = new AppResult.Failed(spec.ref(), unapplied, result.changes());
        }
      }
    }
    if (earlier == null
        && (sentinelsHeld || passwordSwitched)
        && options.mode() == ReconcileMode.APPLY
        && result instanceof AppResult.Synced) {
      // The data pods rolled in this sync: the Sentinels follow now rather than on a later event.
      // A rotation switched to a new password: the connection Secret carries it from now on.
      return reconcile(spec, revision, trigger, start, result.changes());
    }
    if (earlier != null && !earlier.isEmpty() && result instanceof AppResult.Synced synced) {
      List<ObjectAction> changes = new ArrayList<>(earlier);
      changes.addAll(synced.changes());
      result = new AppResult.Synced(synced.app(), changes, synced.health(), synced.objects());
    }
    return finish(assets.after(spec, result), revision, trigger, start);
  }

  private static Map<ObjectKey, HasMetadata> byKey(List<HasMetadata> objects) {
    Map<ObjectKey, HasMetadata> byKey = new HashMap<>();
    objects.forEach(object -> byKey.put(ObjectKey.of(object), object));
    return byKey;
  }

  /** Reconciles an app whose spec left git: prunes it (guarded), keeping data and credentials. */
  public AppResult reconcile(AppRef app, Trigger trigger) {
    long start = System.nanoTime();
    inSync.forget(app);
    int active =
        (int)
            cache.managedApps().stream()
                .filter(ref -> Planner.isActive(cache.liveObjects(ref)))
                .count();
    AppPlan plan = planner.planRemoved(app, cache.liveObjects(app), active, options.policy());
    return finish(execute(plan, List.of()), null, trigger, start);
  }

  /**
   * Records an app whose spec is invalid; its live objects are not touched and the cluster is not
   * read.
   */
  public AppResult reportInvalid(AppRef app, List<String> errors, Trigger trigger) {
    inSync.forget(app);
    return finish(new AppResult.Invalid(app, errors), null, trigger, System.nanoTime());
  }

  /**
   * Drops what is reported about an app that no file declares and that has nothing live, whatever
   * its last result: an app whose invalid spec was deleted never reaches a prune that would forget
   * it.
   */
  public void forget(AppRef app) {
    inSync.forget(app);
    metrics.forget(app);
  }

  /**
   * Reconciles a whole commit, as {@link #reconcileRevision} does with no allowance beyond the
   * policy's, and collects every app's result.
   *
   * @param invalid apps whose spec is in git but invalid, with the problems found
   */
  public ReconcileReport reconcileAll(
      String revision,
      Collection<? extends AppSpec> specs,
      Map<AppRef, List<String>> invalid,
      Trigger trigger) {
    List<AppResult> results = new ArrayList<>();
    reconcileRevision(revision, specs, invalid, trigger, PruneAllowance.none(), results::add);
    return new ReconcileReport(revision, results);
  }

  /**
   * Reconciles a whole commit: every current valid spec, the apps whose spec is invalid, and every
   * managed app that has no spec any more (pruned unless the prune guards hold). The removals are
   * planned first and together, since the guards weigh them all and need no rendered object; then
   * each app is rendered, planned, applied and handed to {@code progress} before the next one is
   * rendered, so a commit of thousands of apps holds the objects of one app at a time.
   *
   * @param invalid apps whose spec is in git but invalid, with the problems found
   * @param allowance prunes allowed past the guards besides the policy's own, e.g. by a line of the
   *     commit's message; its use is audited
   * @return true when every app was reconciled; false when {@code progress} stopped it between two
   *     apps, leaving the others as they were
   */
  public boolean reconcileRevision(
      String revision,
      Collection<? extends AppSpec> specs,
      Map<AppRef, List<String>> invalid,
      Trigger trigger,
      PruneAllowance allowance,
      RevisionProgress progress) {
    PlanPolicy policy =
        allowance.isNone() ? options.policy() : options.policy().withAllowance(allowance);
    Set<AppRef> declared = new HashSet<>(invalid.keySet());
    specs.forEach(spec -> declared.add(spec.ref()));
    Map<AppRef, List<HasMetadata>> removed = new TreeMap<>();
    int active = 0;
    for (AppRef app : cache.managedApps()) {
      List<HasMetadata> live = cache.liveObjects(app);
      active += Planner.isActive(live) ? 1 : 0;
      if (!declared.contains(app)) {
        removed.put(app, live);
      }
    }
    // An app Mooring failed to render is not removed either: it is declared, and never pruned.
    Removals removals =
        planner.planRemovals(removed, active, specs.isEmpty() && invalid.isEmpty(), policy);
    Set<AppRef> invalidOnly = new TreeSet<>(invalid.keySet());
    specs.forEach(spec -> invalidOnly.remove(spec.ref()));
    // The guards above weighed the whole revision; what is written is this replica's part of it.
    List<AppSpec> ownSpecs =
        specs.stream().filter(spec -> progress.owns(spec.ref())).map(AppSpec.class::cast).toList();
    invalidOnly.removeIf(app -> !progress.owns(app));
    List<AppPlan> ownRemovals =
        removals.plans().stream().filter(plan -> progress.owns(plan.app())).toList();
    progress.started(ownSpecs.size() + invalidOnly.size() + ownRemovals.size());
    if (!new AppsInParallel(options.concurrency())
        .run(ownSpecs, spec -> reconcileIsolated(spec, revision, trigger), progress)) {
      return false;
    }
    for (AppRef app : invalidOnly) {
      if (progress.stopRequested()) {
        return false;
      }
      progress.finished(reportInvalid(app, invalid.get(app), trigger));
    }
    if (removals.override() != null
        && removals.override().apps().stream().anyMatch(progress::owns)
        && !progress.stopRequested()) {
      audit(revision, removals.override());
      progress.guardOverridden(removals.override());
    }
    for (AppPlan plan : ownRemovals) {
      if (progress.stopRequested()) {
        return false;
      }
      long start = System.nanoTime();
      progress.finished(finish(execute(plan, List.of()), revision, trigger, start));
    }
    return true;
  }

  /**
   * One app of a revision: a bug met while reconciling it fails that app alone, and the others go
   * on.
   */
  private AppResult reconcileIsolated(AppSpec spec, String revision, Trigger trigger) {
    try {
      return reconcile(spec, revision, trigger);
    } catch (RuntimeException e) {
      inSync.forget(spec.ref());
      LOG.error("internal error while reconciling {} from {}", spec.ref(), spec.source(), e);
      metrics.internalError(AppResult.InternalFailure.RECONCILE);
      return finish(
          new AppResult.InternalFailure(
              spec.ref(),
              AppResult.InternalFailure.RECONCILE,
              "internal error in Mooring while reconciling "
                  + spec.source()
                  + " (a bug, not a problem of the spec; the stack trace is in Mooring's log): "
                  + e.getClass().getName()),
          revision,
          trigger,
          System.nanoTime());
    }
  }

  /** Who let which prunes past the guards, and why the guards would have held them back. */
  private void audit(String revision, GuardOverride override) {
    LOG.warn(
        "prune guard overridden at revision {}: pruning {} app(s) ({}) allowed by {}; the guard"
            + " said: {}",
        revision == null ? "(not from git)" : revision,
        override.apps().size(),
        override.apps().size() > 10
            ? override.apps().subList(0, 10) + " and " + (override.apps().size() - 10) + " more"
            : override.apps(),
        override.allowedBy(),
        override.guard());
    metrics.pruneGuardOverridden(override.kind());
  }

  private AppResult execute(AppPlan plan, List<String> errors) {
    return execute(plan, errors, null);
  }

  /**
   * @param spec the app's spec when it is present in git, else null
   */
  private AppResult execute(AppPlan plan, List<String> errors, AppSpec spec) {
    AppRef app = plan.app();
    if (plan.state() == AppPlan.State.INVALID) {
      return new AppResult.Invalid(app, errors);
    }
    List<ObjectAction> writes = plan.writes();
    if (plan.isBlocked()) {
      List<String> reasons = new ArrayList<>();
      if (plan.heldReason() != null) {
        reasons.add(plan.heldReason());
      }
      plan.blocked().forEach(blocked -> reasons.add(blocked.key() + ": " + blocked.reason()));
      List<ObjectAction> pending = new ArrayList<>(writes);
      pending.addAll(plan.blocked());
      return new AppResult.Blocked(app, reasons, pending, plan.heldReason() != null);
    }
    List<ObjectAction.Deferred> deferred = plan.deferred();
    if (!writes.isEmpty() && options.mode() == ReconcileMode.OBSERVE) {
      List<ObjectAction> pending = new ArrayList<>(writes);
      pending.addAll(deferred);
      return new AppResult.Drifted(app, pending);
    }
    // The cache takes the server's answers: no wait for the watch events of these writes.
    PlanExecutor.Execution execution =
        new PlanExecutor(applier, cache, metrics::countApplied).execute(plan);
    if (execution.failure() != null) {
      return new AppResult.Failed(app, execution.failure().getMessage(), execution.applied());
    }
    // After the smaller StatefulSet is written: a write that failed must not deregister servers
    // that keep running.
    boolean settle = plan.state() == AppPlan.State.PRESENT && options.mode() == ReconcileMode.APPLY;
    String undeparted = settle ? departed.settle(app) : null;
    if (undeparted != null) {
      return new AppResult.Failed(app, undeparted, execution.applied());
    }
    // After the new template is written: the pods roll onto it in the order the servers need.
    String unrolled = settle && spec != null ? rolls.settle(spec) : null;
    if (unrolled != null) {
      return new AppResult.Failed(app, unrolled, execution.applied());
    }
    List<ObjectHealth> health = Health.ofAll(cache.liveObjects(app));
    if (!deferred.isEmpty()) {
      return new AppResult.Waiting(
          app, execution.applied(), deferred, deferred.get(0).until(), Health.overall(health));
    }
    return new AppResult.Synced(app, execution.applied(), Health.overall(health), health);
  }

  private AppResult finish(AppResult result, String revision, Trigger trigger, long startNanos) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    // A removed app whose remaining objects are all retained no longer exists as far as metrics go.
    if (result instanceof AppResult.Synced && !Planner.isActive(cache.liveObjects(result.app()))) {
      metrics.forget(result.app());
    } else {
      metrics.record(result, trigger.label(), took);
    }
    // One line per app and run; a failure is a warning, with its error in the line.
    LoggingEventBuilder line =
        AppLogFields.result("failed".equals(result.status()) ? LOG.atWarn() : LOG.atInfo(), result);
    if (revision != null) {
      line = line.addKeyValue("revision", revision);
    }
    line.addKeyValue("trigger", trigger.label())
        .addKeyValue("changes", result.changes().size())
        .addKeyValue("duration_ms", took.toMillis())
        .log("app reconciled");
    return result;
  }

  /** As the CLI reports it: file, line and field, then the reason. */
  private static String renderError(SpecRenderException e) {
    return SpecError.error(e.source(), e.field(), "cannot render: " + e.reason()).toString();
  }

  /**
   * A renderer that throws anything but {@link SpecRenderException} has a bug: the stack trace goes
   * to the log for whoever fixes it, and the user is told that the spec is not at fault.
   */
  private AppResult renderFailure(AppSpec spec, RuntimeException e) {
    LOG.error("internal error while rendering {} from {}", spec.ref(), spec.source(), e);
    metrics.internalError(AppResult.InternalFailure.RENDER);
    return new AppResult.InternalFailure(
        spec.ref(),
        AppResult.InternalFailure.RENDER,
        "internal error in Mooring while rendering "
            + spec.source()
            + " (a bug, not a problem of the spec; the stack trace is in Mooring's log): "
            + e.getClass().getName());
  }
}
