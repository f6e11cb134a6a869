package io.mooring.core.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.diff.Differ;
import io.mooring.core.diff.ObjectDiff;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.render.common.ApplyOrder;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides what happens to every object of every app, from desired states that {@link
 * DesiredPreparation} has finished. Mooring's data-safety rules over live objects are in this
 * package: untouched invalid apps (1) and retained volumes and credentials (2) here, the prune
 * guards (3) in {@link PruneGuard}, immutable StatefulSet fields (5) in {@link StatefulSetChanges},
 * prune limited to Mooring's own objects (6) here; generated Secrets kept (4) and servers that left
 * a JetStream meta group recorded until they are deregistered (7) are part of the preparation;
 * termination protection and orphaning of a removed app (8) are read here from what the preparation
 * stamped ({@link RemovalPolicy}), and disruptive changes wait for the app's maintenance window (9)
 * in {@link MaintenanceDeferral}. Which apps are invalid and which count as removed from git is
 * decided before, over the repository's files, by {@code core.source.SpecSet}.
 */
public final class Planner {
  private static final Comparator<ObjectKey> ORDER =
      Comparator.comparingInt((ObjectKey k) -> ApplyOrder.rank(k.kind()))
          .thenComparing(ObjectKey::namespace, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(ObjectKey::name);

  private final Differ differ;

  public Planner(Differ differ) {
    this.differ = differ;
  }

  /**
   * The plan of a whole sync.
   *
   * @param desired prepared desired states of the valid specs (see {@link DesiredPreparation})
   * @param invalid apps whose spec exists but could not be read or rendered
   * @param live live objects of every managed app, by app
   */
  public Plan plan(
      Collection<DesiredState> desired,
      Set<AppRef> invalid,
      Map<AppRef, List<HasMetadata>> live,
      PlanPolicy policy) {
    List<AppPlan> plans = new ArrayList<>();
    Set<AppRef> seen = new TreeSet<>();
    for (DesiredState state : desired) {
      seen.add(state.app());
      plans.add(planPresent(state, live.getOrDefault(state.app(), List.of()), policy));
    }
    for (AppRef app : new TreeSet<>(invalid)) {
      if (seen.add(app)) {
        plans.add(planInvalid(app));
      }
    }
    Map<AppRef, List<HasMetadata>> removed = new TreeMap<>();
    for (AppRef app : live.keySet()) {
      if (!seen.contains(app)) {
        removed.put(app, live.get(app));
      }
    }
    boolean noSpecs = desired.isEmpty() && invalid.isEmpty();
    plans.addAll(planRemovals(removed, activeApps(live), noSpecs, policy).plans());
    return new Plan(plans);
  }

  /**
   * The plan of one app whose spec is valid: create, update or leave each object.
   *
   * @param desired the app's prepared state (see {@link DesiredPreparation})
   */
  public AppPlan planPresent(DesiredState desired, List<HasMetadata> live, PlanPolicy policy) {
    return planPresent(desired, live, policy, null);
  }

  /**
   * The plan of one app whose spec is valid, with its disruptive changes held back until its
   * maintenance window (rule 9, {@link MaintenanceDeferral}).
   *
   * @param timing the app's window and the time; null applies every change at once
   */
  public AppPlan planPresent(
      DesiredState desired,
      List<HasMetadata> live,
      PlanPolicy policy,
      MaintenanceDeferral.Timing timing) {
    Map<ObjectKey, HasMetadata> liveByKey = new HashMap<>();
    live.forEach(object -> liveByKey.put(ObjectKey.of(object), object));
    List<ObjectAction> applies = new ArrayList<>();
    Set<ObjectKey> desiredKeys = new TreeSet<>(ORDER);
    for (HasMetadata object : desired.objects()) {
      ObjectKey key = ObjectKey.of(object);
      desiredKeys.add(key);
      HasMetadata current = liveByKey.get(key);
      if (current == null) {
        applies.add(new ObjectAction.Create(object));
        continue;
      }
      ObjectDiff diff = differ.diff(object, current);
      if (object instanceof StatefulSet set && current instanceof StatefulSet liveSet) {
        applies.addAll(StatefulSetChanges.plan(set, liveSet, diff, live));
      } else {
        applies.add(
            diff.inSync() ? new ObjectAction.InSync(key) : new ObjectAction.Update(object, diff));
      }
    }
    List<ObjectAction> leftovers = new ArrayList<>();
    for (HasMetadata object : live) {
      // Claims belong to their StatefulSet's templates, never to the desired list.
      if (!desiredKeys.contains(ObjectKey.of(object))
          && !(object instanceof PersistentVolumeClaim)
          && !IssuedSecrets.isIssuedFor(desired.objects(), object)) {
        leftovers.add(leftover(desired.app(), object, policy, deletesData(live)));
      }
    }
    List<ObjectAction> timed =
        timing == null ? applies : MaintenanceDeferral.defer(applies, live, timing);
    return new AppPlan(desired.app(), AppPlan.State.PRESENT, ordered(timed, leftovers), null);
  }

  /** Rule 1: an invalid spec leaves every live object of its app exactly as it is. */
  public AppPlan planInvalid(AppRef app) {
    return new AppPlan(app, AppPlan.State.INVALID, List.of(), null);
  }

  /**
   * The plan of one app whose spec left git, guarded as if the other {@code managedApps} stay.
   *
   * @param managedApps apps with live objects that are not merely retained, this one included
   */
  public AppPlan planRemoved(
      AppRef app, List<HasMetadata> live, int managedApps, PlanPolicy policy) {
    return planRemovals(Map.of(app, live), Math.max(managedApps, 1), false, policy).plans().get(0);
  }

  /**
   * Rule 3 over every app one sync removes, weighed together: when the prune guards hold, no app is
   * pruned but those the policy's {@link PruneAllowance} covers; the guards then weigh the other
   * removals against the apps outside the allowance.
   *
   * @param removed the live objects of each managed app that has no spec (valid or invalid) any
   *     more
   * @param activeApps managed apps with live objects that are not merely retained, the removed ones
   *     included
   * @param noSpecs the sync saw no spec at all, valid or invalid
   */
  public Removals planRemovals(
      Map<AppRef, List<HasMetadata>> removed, int activeApps, boolean noSpecs, PlanPolicy policy) {
    List<AppPlan> plans = new ArrayList<>();
    for (AppRef app : new TreeSet<>(removed.keySet())) {
      plans.add(removal(app, removed.get(app), policy, null));
    }
    List<AppPlan> pruning = plans.stream().filter(plan -> !plan.writes().isEmpty()).toList();
    String guard = PruneGuard.check(pruning.size(), activeApps, noSpecs, policy.maxPruneShare());
    if (guard == null) {
      return new Removals(plans, null);
    }
    PruneAllowance allowance = policy.allowance();
    List<AppRef> allowed = new ArrayList<>();
    int allowedActive = 0;
    for (AppPlan plan : pruning) {
      if (allowance.covers(plan)) {
        allowed.add(plan.app());
        allowedActive += isActive(removed.get(plan.app())) ? 1 : 0;
      }
    }
    String held =
        PruneGuard.check(
            pruning.size() - allowed.size(),
            activeApps - allowedActive,
            noSpecs,
            policy.maxPruneShare());
    List<AppPlan> guarded = new ArrayList<>();
    for (AppPlan plan : plans) {
      boolean hold = held != null && !plan.writes().isEmpty() && !allowed.contains(plan.app());
      guarded.add(
          hold
              ? removal(plan.app(), removed.get(plan.app()), policy, heldReason(held, plan))
              : plan);
    }
    GuardOverride override =
        allowed.isEmpty()
            ? null
            : new GuardOverride(guard, allowance.allowedBy(), allowance.kind(), allowed);
    return new Removals(guarded, override);
  }

  /** The guard's reason, with what a person needs to allow this app's prune. */
  private static String heldReason(String held, AppPlan removal) {
    Set<String> revisions = PruneAllowance.revisionsOf(removal);
    String from =
        revisions.isEmpty()
            ? ""
            : "; its objects were applied from "
                + String.join(", ", revisions.stream().map(Planner::shortRevision).toList());
    return held + from + "; " + PruneGuard.WAY_OUT;
  }

  private static String shortRevision(String revision) {
    return revision.length() > 12 ? revision.substring(0, 12) : revision;
  }

  /** True when the app still has a live object that is not labelled retained. */
  public static boolean isActive(List<HasMetadata> live) {
    return live.stream().anyMatch(object -> !isRetained(object));
  }

  /**
   * Rule 8 comes first: a protected app writes nothing and is held whatever the guards and any
   * allowance say (it has no writes, so neither weighs it); an orphaned app is disowned, not
   * deleted.
   */
  private AppPlan removal(AppRef app, List<HasMetadata> live, PlanPolicy policy, String held) {
    if (RemovalPolicy.isProtected(live)) {
      List<ObjectAction> kept = new ArrayList<>();
      for (HasMetadata object : live) {
        if (ownedBy(app, object)) {
          kept.add(new ObjectAction.Retain(object, "termination protection", false));
        }
      }
      return new AppPlan(
          app, AppPlan.State.REMOVED, ordered(List.of(), kept), RemovalPolicy.PROTECTED_REASON);
    }
    boolean orphan = policy.prune() && RemovalPolicy.orphans(live);
    boolean deleteData = deletesData(live);
    List<ObjectAction> leftovers = new ArrayList<>();
    for (HasMetadata object : live) {
      leftovers.add(
          orphan && ownedBy(app, object)
              ? new ObjectAction.Orphan(object)
              : leftover(app, object, policy, deleteData));
    }
    return new AppPlan(app, AppPlan.State.REMOVED, ordered(List.of(), leftovers), held);
  }

  /**
   * Rules 2 and 6: what happens to a live object no desired state mentions; null (left alone) when
   * the object does not carry Mooring's labels for this app.
   */
  private static ObjectAction leftover(
      AppRef app, HasMetadata object, PlanPolicy policy, boolean deleteData) {
    if (!ownedBy(app, object)) {
      return null;
    }
    boolean labelled = isRetained(object);
    if (object instanceof PersistentVolumeClaim && !deleteData) {
      return new ObjectAction.Retain(
          object, "volume data is kept after its spec is removed", !labelled);
    }
    if (GeneratedSecrets.isCredentialSecret(object) && !deleteData) {
      return new ObjectAction.Retain(
          object, "generated credentials are kept after their spec is removed", !labelled);
    }
    if (!policy.prune()) {
      return new ObjectAction.Retain(object, "prune is switched off", !labelled);
    }
    return new ObjectAction.Prune(object);
  }

  private static boolean ownedBy(AppRef app, HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null
        && MooringLabels.MANAGER.equals(labels.get(MooringLabels.MANAGED_BY))
        && app.namespace().equals(object.getMetadata().getNamespace())
        && app.labelValue().equals(labels.get(MooringLabels.APP));
  }

  private static boolean isRetained(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null && "true".equals(labels.get(MooringLabels.RETAINED));
  }

  /** The opt-in of rule 2 travels on the live objects, since the spec that carried it is gone. */
  private static boolean deletesData(List<HasMetadata> live) {
    return live.stream()
        .map(object -> object.getMetadata().getAnnotations())
        .filter(Objects::nonNull)
        .anyMatch(annotations -> "true".equals(annotations.get(AppSpec.DELETE_DATA_ON_REMOVAL)));
  }

  private static int activeApps(Map<AppRef, List<HasMetadata>> live) {
    return (int) live.values().stream().filter(Planner::isActive).count();
  }

  private static List<ObjectAction> ordered(
      List<ObjectAction> applies, List<ObjectAction> leftovers) {
    List<ObjectAction> result = new ArrayList<>(applies);
    result.sort(Comparator.comparing(ObjectAction::key, ORDER));
    List<ObjectAction> prunes = new ArrayList<>(leftovers);
    prunes.removeIf(Objects::isNull);
    prunes.sort(Comparator.comparing(ObjectAction::key, ORDER).reversed());
    result.addAll(prunes);
    return result;
  }
}
