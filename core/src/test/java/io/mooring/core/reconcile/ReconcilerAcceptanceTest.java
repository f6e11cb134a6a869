package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mooring.core.diff.ObjectDiff;
import io.mooring.core.plan.PlanPolicy;
import io.mooring.core.plan.PruneAllowance;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.testing.SampleApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine against fabric8's mock API server in CRUD mode, with hand-built desired states. */
class ReconcilerAcceptanceTest {
  private final EngineHarness engine = new EngineHarness();
  private final RedisSpec cache = SampleApps.redisSpec("team-a", "cache", 3, "1Gi");
  private final NatsSpec events = SampleApps.natsSpec("team-a", "events", 3, "10Gi");

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void firstSyncCreatesEveryObjectAndSecondSyncWritesNothing() {
    int expected =
        SampleApps.render(cache).objects().size() + SampleApps.render(events).objects().size();

    ReconcileReport first = engine.sync(List.of(cache, events));

    assertThat(first.results()).allMatch(AppResult.Synced.class::isInstance);
    assertThat(first.creates()).hasSize(expected);
    assertThat(engine.server.requests("APPLY")).isEqualTo(expected);
    assertThat(engine.cache.liveObjects(cache.ref()))
        .hasSize(SampleApps.render(cache).objects().size());

    engine.server.resetCounts();
    ReconcileReport second = engine.sync(List.of(cache, events));

    assertThat(engine.server.writes()).isZero();
    assertThat(second.hasDifferences()).isFalse();
    assertThat(second.results())
        .allMatch(r -> r instanceof AppResult.Synced s && s.changes().isEmpty());
  }

  @Test
  void editedReplicasAndServicePortAreReportedThenRestoredWithOneWriteEach() {
    engine.sync(List.of(cache));
    StatefulSet set = engine.live(StatefulSet.class, cache.ref(), "cache-redis");
    engine.edit(new StatefulSetBuilder(set).editSpec().withReplicas(1).endSpec().build());
    Service service = engine.live(Service.class, cache.ref(), "cache-redis");
    service
        .getSpec()
        .setPorts(
            List.of(
                new ServicePortBuilder(service.getSpec().getPorts().get(0))
                    .withPort(6380)
                    .build()));
    engine.edit(service);
    engine.server.resetCounts();

    AppResult observed =
        engine.reconciler(ReconcileMode.OBSERVE).reconcile(cache, "0a1b2c", Trigger.CLUSTER_EVENT);

    assertThat(observed).isInstanceOf(AppResult.Drifted.class);
    assertThat(observed.diffs())
        .extracting(d -> d.key().kind() + " " + d.paths())
        .containsExactlyInAnyOrder(
            "Service [spec.ports[name=redis].port]", "StatefulSet [spec.replicas]");
    assertThat(observed.diffs())
        .flatExtracting(ObjectDiff::drifts)
        .extracting(Object::toString)
        .contains("spec.replicas: 3 -> 1", "spec.ports[name=redis].port: 6379 -> 6380");
    assertThat(engine.server.writes()).isZero();

    AppResult applied =
        engine.reconciler(ReconcileMode.APPLY).reconcile(cache, "0a1b2c", Trigger.CLUSTER_EVENT);

    assertThat(applied).isInstanceOf(AppResult.Synced.class);
    assertThat(engine.server.writes()).isEqualTo(2);
    assertThat(engine.server.requests("APPLY")).isEqualTo(2);
    assertThat(engine.live(StatefulSet.class, cache.ref(), "cache-redis").getSpec().getReplicas())
        .isEqualTo(3);
    assertThat(
            engine
                .live(Service.class, cache.ref(), "cache-redis")
                .getSpec()
                .getPorts()
                .get(0)
                .getPort())
        .isEqualTo(6379);
  }

  @Test
  void defaultedFieldsAndEquivalentQuantitiesAreNoDrift() {
    engine.sync(List.of(cache));
    // What a real API server returns: defaults filled in, quantities in another spelling, env
    // reordered.
    StatefulSet set = engine.live(StatefulSet.class, cache.ref(), "cache-redis");
    engine.edit(
        new StatefulSetBuilder(set)
            .editSpec()
            .withRevisionHistoryLimit(10)
            .withNewUpdateStrategy()
            .withType("RollingUpdate")
            .withNewRollingUpdate()
            .withPartition(0)
            .endRollingUpdate()
            .endUpdateStrategy()
            .editTemplate()
            .editSpec()
            .withRestartPolicy("Always")
            .withDnsPolicy("ClusterFirst")
            .withSchedulerName("default-scheduler")
            .withTerminationGracePeriodSeconds(30L)
            .withNewSecurityContext()
            .endSecurityContext()
            .editFirstContainer()
            .withImagePullPolicy("IfNotPresent")
            .withTerminationMessagePath("/dev/termination-log")
            .withTerminationMessagePolicy("File")
            .editFirstPort()
            .withProtocol("TCP")
            .endPort()
            .withEnv(
                List.of(
                    set.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(1),
                    set.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(0)))
            .editResources()
            .addToLimits("cpu", new Quantity("1"))
            .addToLimits("memory", new Quantity("1Gi"))
            .endResources()
            .editReadinessProbe()
            .withTimeoutSeconds(1)
            .withPeriodSeconds(10)
            .withSuccessThreshold(1)
            .withFailureThreshold(3)
            .endReadinessProbe()
            .endContainer()
            .endSpec()
            .endTemplate()
            .editFirstVolumeClaimTemplate()
            .withApiVersion("v1")
            .withKind("PersistentVolumeClaim")
            .editSpec()
            .withVolumeMode("Filesystem")
            .endSpec()
            .withNewStatus()
            .withPhase("Pending")
            .endStatus()
            .endVolumeClaimTemplate()
            .endSpec()
            .withNewStatus()
            .withReplicas(3)
            .withReadyReplicas(3)
            .endStatus()
            .build());
    Service service = engine.live(Service.class, cache.ref(), "cache-redis");
    service.getSpec().setClusterIP("10.96.0.17");
    service.getSpec().setType("ClusterIP");
    service.getSpec().setSessionAffinity("None");
    service.getSpec().getPorts().get(0).setProtocol("TCP");
    engine.edit(service);
    engine.server.resetCounts();

    AppResult result =
        engine.reconciler(ReconcileMode.OBSERVE).reconcile(cache, "0a1b2c", Trigger.RESYNC);

    assertThat(result).isInstanceOf(AppResult.Synced.class);
    assertThat(result.changes()).isEmpty();
    assertThat(engine.server.writes()).isZero();
  }

  @Test
  void removingASpecPrunesWorkloadObjectsAndRetainsClaimsAndCredentials() {
    RedisSpec other = SampleApps.redisSpec("team-b", "sessions", 1, "1Gi");
    engine.sync(List.of(cache, events, other));
    StatefulSet set = engine.live(StatefulSet.class, cache.ref(), "cache-redis");
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      engine.create(SampleApps.claimOf(set, ordinal));
    }
    engine.server.resetCounts();

    ReconcileReport report = engine.sync(List.of(events, other));

    AppResult removed =
        report.results().stream()
            .filter(r -> r.app().equals(cache.ref()))
            .findFirst()
            .orElseThrow();
    assertThat(removed).isInstanceOf(AppResult.Synced.class);
    assertThat(report.prunes())
        .extracting(k -> k.kind() + " " + k.name())
        .containsExactly(
            "PodDisruptionBudget cache-redis",
            "Deployment cache-redis-exporter",
            "StatefulSet cache-redis",
            "Service cache-redis-headless",
            "Service cache-redis",
            "ConfigMap cache-redis-config");
    assertThat(engine.server.requests("DELETE")).isEqualTo(6);
    assertThat(engine.cache.liveObjects(cache.ref()))
        .extracting(
            o ->
                o.getKind()
                    + " "
                    + o.getMetadata().getName()
                    + " "
                    + o.getMetadata().getLabels().get(MooringLabels.RETAINED))
        .containsExactlyInAnyOrder(
            "Secret cache-auth true",
            "PersistentVolumeClaim data-cache-redis-0 true",
            "PersistentVolumeClaim data-cache-redis-1 true",
            "PersistentVolumeClaim data-cache-redis-2 true");

    engine.server.resetCounts();
    engine.sync(List.of(events, other));
    assertThat(engine.server.writes()).as("retained objects are labelled once").isZero();
  }

  @Test
  void anInvalidSpecLeavesItsObjectsUntouched() {
    engine.sync(List.of(cache, events));
    StatefulSet set = engine.live(StatefulSet.class, cache.ref(), "cache-redis");
    engine.edit(new StatefulSetBuilder(set).editSpec().withReplicas(1).endSpec().build());
    engine.server.resetCounts();

    ReconcileReport report =
        engine
            .reconciler(ReconcileMode.APPLY)
            .reconcileAll(
                "0a1b2d",
                List.of(events),
                Map.of(
                    cache.ref(), List.of("apps/cache.yaml:4: spec.replicas: must be at least 1")),
                Trigger.WEBHOOK);

    assertThat(report.results())
        .filteredOn(r -> r.app().equals(cache.ref()))
        .singleElement()
        .isInstanceOf(AppResult.Invalid.class);
    assertThat(report.hasErrors()).isTrue();
    assertThat(engine.server.writes()).isZero();
    assertThat(engine.live(StatefulSet.class, cache.ref(), "cache-redis").getSpec().getReplicas())
        .isEqualTo(1);
  }

  @Test
  void deletingAllSpecsTripsTheGuardUntilForced() {
    engine.sync(List.of(cache, events));
    engine.server.resetCounts();

    ReconcileReport held = engine.sync(List.of());

    assertThat(held.results())
        .hasSize(2)
        .allMatch(r -> r instanceof AppResult.Blocked b && b.pruneHeld());
    assertThat(((AppResult.Blocked) held.results().get(0)).reasons().get(0))
        .contains("zero-specs guard");
    assertThat(engine.server.writes()).isZero();
    assertThat(engine.live(ConfigMap.class, cache.ref(), "cache-redis-config")).isNotNull();

    ReconcileReport forced =
        engine
            .reconciler(
                ReconcileMode.APPLY,
                PlanPolicy.defaults().withAllowance(PruneAllowance.everything("a test")))
            .reconcileAll("0a1b2e", List.of(), Map.of(), Trigger.CLI);

    assertThat(forced.results()).allMatch(AppResult.Synced.class::isInstance);
    assertThat(engine.live(ConfigMap.class, cache.ref(), "cache-redis-config")).isNull();
    assertThat(engine.live(Secret.class, cache.ref(), "cache-auth").getMetadata().getLabels())
        .containsEntry(MooringLabels.RETAINED, "true");
  }
}
