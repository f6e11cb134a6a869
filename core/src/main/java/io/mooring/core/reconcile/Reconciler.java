package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.diff.Differ;
import io.mooring.core.health.Health;
import io.mooring.core.health.ObjectHealth;
import io.mooring.core.kube.Applier;
import io.mooring.core.kube.ClusterCache;
import io.mooring.core.plan.AppPlan;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.plan.Plan;
import io.mooring.core.plan.Planner;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * render → read cache → diff → plan → apply (or only report) → health, per app or for a whole
 * commit. Thread-compatible: the caller serialises syncs (one reconcile of an app at a time).
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final AppRenderer renderer;
  private final ClusterCache cache;
  private final Applier applier;
  private final ReconcileListener metrics;
  private final ReconcileOptions options;
  private final DepartedServers departed;
  private final Planner planner = new Planner(Differ.standard());

  public Reconciler(
      AppRenderer renderer,
      ClusterCache cache,
      Applier applier,
      ReconcileListener metrics,
      ReconcileOptions options) {
    this(renderer, cache, applier, metrics, options, ScaleDownHook.NOT_CONFIGURED);
  }

  /**
   * @param scaleDown told which servers left after a StatefulSet was scaled down (NATS: the meta
   *     group)
   */
  public Reconciler(
      AppRenderer renderer,
      ClusterCache cache,
      Applier applier,
      ReconcileListener metrics,
      ReconcileOptions options,
      ScaleDownHook scaleDown) {
    this.renderer = renderer;
    this.cache = cache;
    this.applier = applier;
    this.metrics = metrics;
    this.options = options;
    this.departed = new DepartedServers(scaleDown, cache, applier, options.cacheWait());
  }

  /** Reconciles one app whose spec is valid, e.g. after a change of that app in the cluster. */
  public AppResult reconcile(AppSpec spec, String revision, Trigger trigger) {
    long start = System.nanoTime();
    DesiredState desired;
    try {
      desired = render(spec, revision);
    } catch (RuntimeException e) {
      return finish(
          new AppResult.Invalid(spec.ref(), List.of(renderError(spec, e))), trigger, start);
    }
    AppPlan plan = planner.planPresent(desired, cache.liveObjects(spec.ref()), options.policy());
    return finish(execute(plan, List.of()), trigger, start);
  }

  /** Reconciles an app whose spec left git: prunes it (guarded), keeping data and credentials. */
  public AppResult reconcile(AppRef app, Trigger trigger) {
    long start = System.nanoTime();
    int active =
        (int)
            cache.managedApps().stream()
                .filter(ref -> Planner.isActive(cache.liveObjects(ref)))
                .count();
    AppPlan plan = planner.planRemoved(app, cache.liveObjects(app), active, options.policy());
    return finish(execute(plan, List.of()), trigger, start);
  }

  /**
   * Records an app whose spec is invalid; its live objects are not touched and the cluster is not
   * read.
   */
  public AppResult reportInvalid(AppRef app, List<String> errors, Trigger trigger) {
    return finish(new AppResult.Invalid(app, errors), trigger, System.nanoTime());
  }

  /**
   * Reconciles a whole commit: every current valid spec, the apps whose spec is invalid, and every
   * managed app that has no spec any more (pruned unless the prune guards hold).
   *
   * @param invalid apps whose spec is in git but invalid, with the problems found
   */
  public ReconcileReport reconcileAll(
      String revision,
      Collection<? extends AppSpec> specs,
      Map<AppRef, List<String>> invalid,
      Trigger trigger) {
    long start = System.nanoTime();
    Map<AppRef, List<String>> problems = new LinkedHashMap<>(invalid);
    List<DesiredState> desired = new ArrayList<>();
    for (AppSpec spec : specs) {
      try {
        desired.add(render(spec, revision));
      } catch (RuntimeException e) {
        problems.put(spec.ref(), List.of(renderError(spec, e)));
      }
    }
    Set<AppRef> apps = new TreeSet<>(cache.managedApps());
    desired.forEach(state -> apps.add(state.app()));
    Map<AppRef, List<HasMetadata>> live = new LinkedHashMap<>();
    apps.forEach(app -> live.put(app, cache.liveObjects(app)));
    Plan plan = planner.plan(desired, problems.keySet(), live, options.policy());
    List<AppResult> results = new ArrayList<>();
    for (AppPlan appPlan : plan.apps()) {
      results.add(
          finish(
              execute(appPlan, problems.getOrDefault(appPlan.app(), List.of())), trigger, start));
      start = System.nanoTime();
    }
    metrics.invalidSpecs(problems.size());
    return new ReconcileReport(revision, results);
  }

  private AppResult execute(AppPlan plan, List<String> errors) {
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
    if (!writes.isEmpty() && options.mode() == ReconcileMode.OBSERVE) {
      return new AppResult.Drifted(app, writes);
    }
    PlanExecutor.Execution execution =
        new PlanExecutor(applier, metrics::countApplied).execute(plan);
    if (!execution.written().isEmpty()
        && !cache.awaitObserved(execution.written(), options.cacheWait())) {
      LOG.warn("the cache did not show the writes to {} within {}", app, options.cacheWait());
    }
    if (execution.failure() != null) {
      LOG.warn("reconcile of {} failed: {}", app, execution.failure().getMessage());
      return new AppResult.Failed(app, execution.failure().getMessage(), execution.applied());
    }
    // After the smaller StatefulSet is written: a write that failed must not deregister servers
    // that keep running.
    boolean settle = plan.state() == AppPlan.State.PRESENT && options.mode() == ReconcileMode.APPLY;
    String undeparted = settle ? departed.settle(app) : null;
    if (undeparted != null) {
      LOG.warn("reconcile of {} failed: {}", app, undeparted);
      return new AppResult.Failed(app, undeparted, execution.applied());
    }
    List<ObjectHealth> health = Health.ofAll(cache.liveObjects(app));
    return new AppResult.Synced(app, execution.applied(), Health.overall(health), health);
  }

  private AppResult finish(AppResult result, Trigger trigger, long startNanos) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    // A removed app whose remaining objects are all retained no longer exists as far as metrics go.
    if (result instanceof AppResult.Synced && !Planner.isActive(cache.liveObjects(result.app()))) {
      metrics.forget(result.app());
    } else {
      metrics.record(result, trigger.label(), took);
    }
    LOG.info(
        "{}: {} ({} changes, {} ms)",
        result.app(),
        result.status(),
        result.changes().size(),
        took.toMillis());
    return result;
  }

  /**
   * Renders from the app's live Secrets (generated keys are reused, not drawn again) and stamps the
   * commit and the data-deletion opt-in on every object (see the planner's rule 2).
   */
  private DesiredState render(AppSpec spec, String revision) {
    DesiredState desired = renderer.render(spec, LiveSecrets.of(cache.liveObjects(spec.ref())));
    boolean deleteData = "true".equals(spec.annotations().get(AppSpec.DELETE_DATA_ON_REMOVAL));
    for (HasMetadata object : desired.objects()) {
      Map<String, String> annotations = new LinkedHashMap<>();
      if (object.getMetadata().getAnnotations() != null) {
        annotations.putAll(object.getMetadata().getAnnotations());
      }
      if (revision != null) {
        annotations.put(MooringLabels.REVISION_ANNOTATION, revision);
      }
      if (deleteData) {
        annotations.put(AppSpec.DELETE_DATA_ON_REMOVAL, "true");
      }
      object.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
    }
    return desired;
  }

  private static String renderError(AppSpec spec, RuntimeException e) {
    return spec.source() + ": cannot render: " + e.getMessage();
  }
}
