package io.mooring.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.mooring.core.diff.Differ;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.testing.SampleApps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each data-safety rule of the planner, on hand-built desired and live objects; rules 4 and 7 are
 * the preparation's (see {@code DesiredPreparationTest}).
 */
class PlannerTest {
  private static final AppRef CACHE = new AppRef(AppKind.REDIS, "team-a", "cache");
  private static final AppRef EVENTS = new AppRef(AppKind.NATS, "team-a", "events");
  private static final AppRef SESSIONS = new AppRef(AppKind.REDIS, "team-b", "sessions");
  private static final String MISTAKE = "5e1f00d5e1f00d5e1f00d5e1f00d5e1f00d5e1f0";
  private static final String SEEN_BEFORE = "0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed";
  private final Planner planner = new Planner(Differ.standard());

  @Test
  void createsComeInApplyOrderAndInSyncObjectsWriteNothing() {
    DesiredState desired = SampleApps.redis(CACHE, 3, "1Gi");

    AppPlan first = planner.planPresent(desired, List.of(), PlanPolicy.defaults());
    assertThat(first.actions())
        .allMatch(ObjectAction.Create.class::isInstance)
        .extracting(a -> a.key().kind())
        .containsExactly(
            "Secret",
            "ConfigMap",
            "Service",
            "Service",
            "StatefulSet",
            "Deployment",
            "PodDisruptionBudget");

    List<HasMetadata> live = live(desired);
    AppPlan second =
        planner.planPresent(
            prepared(SampleApps.redis(CACHE, 3, "1Gi"), live), live, PlanPolicy.defaults());
    assertThat(second.inSync()).isTrue();
  }

  @Test
  void rule1InvalidSpecLeavesEveryLiveObjectUntouched() {
    Map<AppRef, List<HasMetadata>> live =
        Map.of(CACHE, drifted(live(SampleApps.redis(CACHE, 3, "1Gi"))));

    Plan plan = planner.plan(List.of(), Set.of(CACHE), live, PlanPolicy.defaults());

    assertThat(plan.apps())
        .singleElement()
        .satisfies(
            app -> {
              assertThat(app.state()).isEqualTo(AppPlan.State.INVALID);
              assertThat(app.actions()).isEmpty();
            });
  }

  @Test
  void rule2RemovedSpecPrunesWorkloadsAndRetainsClaimsAndCredentials() {
    List<HasMetadata> live = withClaims(live(SampleApps.redis(CACHE, 3, "1Gi")));
    DesiredState events = SampleApps.nats(EVENTS, 3, "1Gi");
    DesiredState sessions = SampleApps.redis(SESSIONS, 1, "1Gi");
    Plan plan =
        planner.plan(
            List.of(events, sessions),
            Set.of(),
            Map.of(CACHE, live, EVENTS, live(events), SESSIONS, live(sessions)),
            PlanPolicy.defaults());

    AppPlan removed =
        plan.apps().stream().filter(a -> a.app().equals(CACHE)).findFirst().orElseThrow();
    assertThat(removed.heldReason()).isNull();
    assertThat(removed.actions())
        .extracting(a -> a.getClass().getSimpleName() + " " + a.key().kind())
        .containsExactly(
            "Prune PodDisruptionBudget",
            "Prune Deployment",
            "Prune StatefulSet",
            "Prune Service",
            "Prune Service",
            "Retain PersistentVolumeClaim",
            "Retain PersistentVolumeClaim",
            "Prune ConfigMap",
            "Retain Secret");
    assertThat(removed.actions())
        .filteredOn(ObjectAction.Retain.class::isInstance)
        .allMatch(a -> ((ObjectAction.Retain) a).needsLabel());

    List<HasMetadata> labelled = live.stream().filter(o -> !(o instanceof StatefulSet)).toList();
    labelled.forEach(o -> o.getMetadata().getLabels().put(MooringLabels.RETAINED, "true"));
    AppPlan again =
        planner.planRemoved(
            CACHE,
            labelled.stream()
                .filter(
                    o ->
                        o.getKind().equals("Secret") || o.getKind().equals("PersistentVolumeClaim"))
                .toList(),
            3,
            PlanPolicy.defaults());
    assertThat(again.writes()).as("already labelled: nothing to write").isEmpty();
  }

  @Test
  void rule2DataIsDeletedOnlyWithTheOptIn() {
    List<HasMetadata> live = withClaims(live(SampleApps.redis(CACHE, 3, "1Gi")));
    live.forEach(
        o -> {
          Map<String, String> annotations = new LinkedHashMap<>();
          if (o.getMetadata().getAnnotations() != null) {
            annotations.putAll(o.getMetadata().getAnnotations());
          }
          annotations.put(AppSpec.DELETE_DATA_ON_REMOVAL, "true");
          o.getMetadata().setAnnotations(annotations);
        });

    AppPlan plan = planner.planRemoved(CACHE, live, 3, PlanPolicy.defaults());

    assertThat(plan.actions()).hasSize(live.size()).allMatch(ObjectAction.Prune.class::isInstance);
  }

  @Test
  void rule3MassPruneGuardHoldsMoreThanHalfTheApps() {
    Map<AppRef, List<HasMetadata>> live =
        Map.of(
            CACHE, live(SampleApps.redis(CACHE, 1, "1Gi")),
            EVENTS, live(SampleApps.nats(EVENTS, 1, "1Gi")),
            SESSIONS, live(SampleApps.redis(SESSIONS, 1, "1Gi")));

    Plan twoOfThree =
        planner.plan(
            List.of(SampleApps.redis(SESSIONS, 1, "1Gi")), Set.of(), live, PlanPolicy.defaults());
    assertThat(twoOfThree.apps())
        .filteredOn(a -> a.state() == AppPlan.State.REMOVED)
        .hasSize(2)
        .allSatisfy(
            a -> {
              assertThat(a.isBlocked()).isTrue();
              assertThat(a.heldReason()).contains("would prune 2 of 3 managed apps, more than 50%");
            });

    Plan oneOfThree =
        planner.plan(
            List.of(SampleApps.redis(SESSIONS, 1, "1Gi"), SampleApps.nats(EVENTS, 1, "1Gi")),
            Set.of(),
            live,
            PlanPolicy.defaults());
    assertThat(oneOfThree.apps())
        .filteredOn(a -> a.state() == AppPlan.State.REMOVED)
        .singleElement()
        .satisfies(a -> assertThat(a.isBlocked()).isFalse());

    Plan forced =
        planner.plan(
            List.of(SampleApps.redis(SESSIONS, 1, "1Gi")),
            Set.of(),
            live,
            PlanPolicy.defaults().withAllowance(PruneAllowance.everything("a test")));
    assertThat(forced.apps()).noneMatch(AppPlan::isBlocked);
  }

  @Test
  void rule3AnAllowanceLetsOnlyTheAppsOfTheNamedRevisionPastTheGuard() {
    // Two apps added by mistake in one commit, then reverted: the guard holds the revert back.
    Map<AppRef, List<HasMetadata>> removed =
        Map.of(
            CACHE, live(SampleApps.redis(CACHE, 1, "1Gi"), MISTAKE),
            EVENTS, live(SampleApps.nats(EVENTS, 1, "1Gi"), MISTAKE));

    Removals trapped = planner.planRemovals(removed, 3, false, PlanPolicy.defaults());
    assertThat(trapped.override()).isNull();
    assertThat(trapped.plans())
        .hasSize(2)
        .allSatisfy(
            plan ->
                assertThat(plan.heldReason())
                    .contains(
                        "would prune 2 of 3 managed apps",
                        "its objects were applied from " + MISTAKE.substring(0, 12),
                        PruneAllowance.MARKER));

    Removals otherRevision =
        planner.planRemovals(removed, 3, false, allowing(SEEN_BEFORE.substring(0, 7)));
    assertThat(otherRevision.override()).isNull();
    assertThat(otherRevision.plans()).allMatch(AppPlan::isBlocked);

    Removals allowed = planner.planRemovals(removed, 3, false, allowing(MISTAKE.substring(0, 7)));
    assertThat(allowed.plans())
        .noneMatch(AppPlan::isBlocked)
        .allSatisfy(plan -> assertThat(plan.writes()).isNotEmpty());
    assertThat(allowed.override().apps()).containsExactly(CACHE, EVENTS);
    assertThat(allowed.override().allowedBy()).isEqualTo("commit 0f0f0f0 by Jane");
    assertThat(allowed.override().kind()).isEqualTo(PruneAllowance.REVISION);
    assertThat(allowed.override().guard()).contains("mass-prune guard");
  }

  @Test
  void rule3TheGuardStillWeighsTheRemovalsAnAllowanceDoesNotCover() {
    // Everything is gone from git: the apps of the named revision go, the older one is held.
    Map<AppRef, List<HasMetadata>> removed =
        Map.of(
            CACHE, live(SampleApps.redis(CACHE, 1, "1Gi"), MISTAKE),
            EVENTS, live(SampleApps.nats(EVENTS, 1, "1Gi"), MISTAKE),
            SESSIONS, live(SampleApps.redis(SESSIONS, 1, "1Gi"), SEEN_BEFORE));

    Removals removals = planner.planRemovals(removed, 3, true, allowing(MISTAKE));

    assertThat(removals.plans())
        .filteredOn(AppPlan::isBlocked)
        .singleElement()
        .satisfies(
            plan -> {
              assertThat(plan.app()).isEqualTo(SESSIONS);
              assertThat(plan.heldReason()).contains("zero-specs guard");
            });
    assertThat(removals.override().apps()).containsExactly(CACHE, EVENTS);
  }

  @Test
  void rule3ZeroSpecsGuardHoldsEvenASingleApp() {
    Plan plan =
        planner.plan(
            List.of(),
            Set.of(),
            Map.of(CACHE, live(SampleApps.redis(CACHE, 1, "1Gi"))),
            PlanPolicy.defaults().withPrune(true));

    assertThat(plan.apps())
        .singleElement()
        .satisfies(a -> assertThat(a.heldReason()).contains("zero-specs guard"));
  }

  @Test
  void rule5GrowingExpandsEachClaimThenRecreates() {
    List<HasMetadata> live = withClaims(live(SampleApps.redis(CACHE, 3, "1Gi")));

    AppPlan plan =
        planner.planPresent(
            prepared(SampleApps.redis(CACHE, 3, "2Gi"), live), live, PlanPolicy.defaults());

    assertThat(plan.writes())
        .extracting(a -> a.getClass().getSimpleName() + " " + a.key().name())
        .containsExactly(
            "ExpandVolume data-cache-redis-0",
            "ExpandVolume data-cache-redis-1",
            "Recreate cache-redis");
  }

  @Test
  void rule5ShrinkingAndOtherImmutableChangesAreBlockedWithTheReason() {
    List<HasMetadata> live = live(SampleApps.redis(CACHE, 3, "2Gi"));

    AppPlan shrink =
        planner.planPresent(SampleApps.redis(CACHE, 3, "1Gi"), live, PlanPolicy.defaults());
    assertThat(shrink.isBlocked()).isTrue();
    assertThat(shrink.blocked())
        .singleElement()
        .extracting(ObjectAction.Blocked::reason)
        .asString()
        .isEqualTo(
            "shrinking volume 'data' of StatefulSet cache-redis from 2Gi to 1Gi is refused:"
                + " a PersistentVolumeClaim cannot shrink and the data may not fit");

    DesiredState renamed = SampleApps.redis(CACHE, 3, "2Gi");
    List<HasMetadata> objects = new ArrayList<>(renamed.objects());
    objects.replaceAll(
        o ->
            o instanceof StatefulSet s
                ? new StatefulSetBuilder(s)
                    .editSpec()
                    .withServiceName("cache-other")
                    .endSpec()
                    .build()
                : o);
    AppPlan service =
        planner.planPresent(new DesiredState(CACHE, objects), live, PlanPolicy.defaults());
    assertThat(service.blocked())
        .singleElement()
        .extracting(ObjectAction.Blocked::reason)
        .asString()
        .startsWith(
            "spec.serviceName is immutable (desired cache-other, live cache-redis-headless)");
  }

  @Test
  void rule6PruneSwitchedOffRetainsAndForeignObjectsAreNeverPruned() {
    List<HasMetadata> live = live(SampleApps.redis(CACHE, 1, "1Gi"));
    AppPlan off = planner.planRemoved(CACHE, live, 3, PlanPolicy.defaults().withPrune(false));
    assertThat(off.actions())
        .noneMatch(ObjectAction.Prune.class::isInstance)
        .filteredOn(a -> a.key().kind().equals("ConfigMap"))
        .singleElement()
        .satisfies(
            a -> assertThat(((ObjectAction.Retain) a).reason()).isEqualTo("prune is switched off"));

    live.forEach(o -> o.getMetadata().getLabels().remove(MooringLabels.MANAGED_BY));
    AppPlan foreign = planner.planRemoved(CACHE, live, 3, PlanPolicy.defaults());
    assertThat(foreign.actions()).isEmpty();
  }

  /** A re-rendered state as the reconciler hands it over: generated passwords kept. */
  private static DesiredState prepared(DesiredState rendered, List<HasMetadata> live) {
    return new DesiredPreparation(null, false).prepare(rendered, live);
  }

  private static PlanPolicy allowing(String revision) {
    return PlanPolicy.defaults()
        .withAllowance(PruneAllowance.ofRevisions(List.of(revision), "commit 0f0f0f0 by Jane"));
  }

  /** What the cluster holds after the desired state was applied from {@code revision}. */
  private static List<HasMetadata> live(DesiredState desired, String revision) {
    return live(new DesiredPreparation(revision, false).prepare(desired, List.of()));
  }

  /** What the cluster would hold after applying the desired state. */
  private static List<HasMetadata> live(DesiredState desired) {
    List<HasMetadata> objects = new ArrayList<>();
    desired.objects().forEach(o -> objects.add(Serialization.clone(o)));
    return objects;
  }

  private static List<HasMetadata> withClaims(List<HasMetadata> live) {
    StatefulSet set =
        (StatefulSet) live.stream().filter(StatefulSet.class::isInstance).findFirst().orElseThrow();
    List<HasMetadata> result = new ArrayList<>(live);
    result.add(SampleApps.claimOf(set, 0));
    result.add(SampleApps.claimOf(set, 1));
    return result;
  }

  private static List<HasMetadata> drifted(List<HasMetadata> live) {
    live.replaceAll(
        o ->
            o instanceof Secret s
                ? new SecretBuilder(s).addToData("password", "Y2hhbmdlZA==").build()
                : o);
    return live;
  }
}
