package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.testing.SampleApps;
import io.mooring.sandbox.ApplyingMockServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rule 5 end to end: claims grow in place, the StatefulSet object is recreated, pods stay. */
class VolumeResizeTest {
  private final EngineHarness engine = new EngineHarness();
  private final RedisSpec original = SampleApps.redisSpec("team-a", "cache", 3, "1Gi");

  @BeforeEach
  void deployThreeReplicasWithClaimsAndPods() {
    engine.sync(List.of(original));
    StatefulSet set = engine.live(StatefulSet.class, original.ref(), "cache-redis");
    // The mock has no controllers: make the claims and pods the StatefulSet controller would make.
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      engine.create(SampleApps.claimOf(set, ordinal));
      engine.create(
          new PodBuilder()
              .withNewMetadata()
              .withNamespace("team-a")
              .withName("cache-redis-" + ordinal)
              .withLabels(MooringLabels.forComponent(original.ref(), "redis"))
              .addNewOwnerReference()
              .withApiVersion("apps/v1")
              .withKind("StatefulSet")
              .withName("cache-redis")
              .withUid(set.getMetadata().getUid())
              .withController(true)
              .endOwnerReference()
              .endMetadata()
              .withNewSpec()
              .addNewContainer()
              .withName("redis")
              .withImage("redis:7.2.5-alpine")
              .endContainer()
              .endSpec()
              .build());
    }
    engine.server.resetCounts();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void growingTheSizeExpandsEachClaimAndRecreatesTheStatefulSetWithoutDeletingPods() {
    RedisSpec grown = SampleApps.redisSpec("team-a", "cache", 3, "2Gi");

    AppResult result =
        engine.reconciler(ReconcileMode.APPLY).reconcile(grown, "0a1b2d", Trigger.WEBHOOK);

    assertThat(result).isInstanceOf(AppResult.Synced.class);
    assertThat(result.changes())
        .extracting(a -> a.getClass().getSimpleName() + " " + a.key().name())
        .containsExactly(
            "ExpandVolume data-cache-redis-0",
            "ExpandVolume data-cache-redis-1",
            "ExpandVolume data-cache-redis-2",
            "Recreate cache-redis");
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      PersistentVolumeClaim claim =
          engine.live(PersistentVolumeClaim.class, grown.ref(), "data-cache-redis-" + ordinal);
      assertThat(claim.getSpec().getResources().getRequests().get("storage"))
          .isEqualTo(new Quantity("2Gi"));
      Pod pod = engine.live(Pod.class, grown.ref(), "cache-redis-" + ordinal);
      assertThat(pod).as("pod %d survives", ordinal).isNotNull();
    }
    StatefulSet set = engine.live(StatefulSet.class, grown.ref(), "cache-redis");
    assertThat(
            set.getSpec()
                .getVolumeClaimTemplates()
                .get(0)
                .getSpec()
                .getResources()
                .getRequests()
                .get("storage"))
        .isEqualTo(new Quantity("2Gi"));
    List<ApplyingMockServer.Write> deletes =
        engine.server.writeLog().stream().filter(w -> w.verb().equals("DELETE")).toList();
    assertThat(deletes)
        .singleElement()
        .satisfies(
            delete -> {
              assertThat(delete.path()).endsWith("/statefulsets/cache-redis");
              assertThat(delete.body()).contains("\"propagationPolicy\":\"Orphan\"");
            });
    assertThat(engine.server.requests("PATCH")).isEqualTo(3);
    assertThat(engine.server.requests("APPLY")).isEqualTo(1);

    engine.server.resetCounts();
    engine.reconciler(ReconcileMode.APPLY).reconcile(grown, "0a1b2d", Trigger.RESYNC);
    assertThat(engine.server.writes()).isZero();
  }

  @Test
  void shrinkingTheSizeIsRefusedAndWritesNothing() {
    RedisSpec shrunk = SampleApps.redisSpec("team-a", "cache", 3, "512Mi");

    AppResult result =
        engine.reconciler(ReconcileMode.APPLY).reconcile(shrunk, "0a1b2d", Trigger.WEBHOOK);

    assertThat(result).isInstanceOf(AppResult.Blocked.class);
    assertThat(((AppResult.Blocked) result).reasons())
        .singleElement()
        .asString()
        .contains(
            "shrinking volume 'data' of StatefulSet cache-redis from 1Gi to 512Mi is refused");
    assertThat(result.changes()).anyMatch(ObjectAction.Blocked.class::isInstance);
    assertThat(engine.server.writes()).isZero();
  }
}
