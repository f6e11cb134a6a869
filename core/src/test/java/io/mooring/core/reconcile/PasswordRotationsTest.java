package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.redisops.RotationRecord;
import io.mooring.core.render.rediscluster.RedisClusterTestSpecs;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.PasswordRotation;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.testing.SampleApps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which syncs reach the rotation hook, what the app is told when it fails, and which rotations keep
 * an app from being skipped as in sync.
 */
class PasswordRotationsTest {
  private static final AppRef CACHE = new AppRef(AppKind.REDIS, "team-a", "cache");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final List<Set<ObjectKey>> calls = new ArrayList<>();
  private final PasswordRotations rotations =
      new PasswordRotations(
          (spec, liveBefore) -> {
            calls.add(liveBefore);
            return true;
          });

  private static RedisSpec spec(Map<String, String> annotations) {
    return SampleApps.redisSpec("team-a", "cache", 3, "1Gi", annotations);
  }

  private static List<HasMetadata> live(RotationRecord record) {
    List<HasMetadata> live = new ArrayList<>(SampleApps.redis(CACHE, 3, "1Gi").objects());
    if (record != null) {
      live.replaceAll(
          object ->
              object instanceof StatefulSet set
                  ? new StatefulSetBuilder(set)
                      .editMetadata()
                      .addToAnnotations(RotationRecord.ANNOTATION, record.encode())
                      .endMetadata()
                      .build()
                  : object);
    }
    return live;
  }

  @Test
  void anAppThatNeverRotatesCostsNoCallToItsServers() {
    assertThat(rotations.apply(spec(Map.of()), live(null)))
        .isEqualTo(PasswordRotations.Outcome.NOTHING);
    assertThat(rotations.apply(spec(Map.of(PasswordRotation.ANNOTATION, " ")), live(null)))
        .isEqualTo(PasswordRotations.Outcome.NOTHING);
    assertThat(calls).isEmpty();
  }

  @Test
  void theAnnotationTheScheduleOrARecordedRotationReachTheHookWithWhatWasLive() {
    List<HasMetadata> before = live(null);
    assertThat(rotations.apply(spec(Map.of(PasswordRotation.ANNOTATION, "r1")), before))
        .isEqualTo(new PasswordRotations.Outcome(null, true));
    RedisSpec scheduled =
        spec(Map.of())
            .withUsers(
                List.of(), new PasswordRotation(Optional.of(Duration.ofDays(30)), Duration.ZERO));
    rotations.apply(scheduled, before);
    // The annotation was removed in the middle of a rotation: it still finishes.
    rotations.apply(spec(Map.of()), live(RotationRecord.firstSeen(T0, "").start("r1", T0)));

    assertThat(calls).hasSize(3);
    assertThat(calls.get(0))
        .containsExactlyInAnyOrderElementsOf(before.stream().map(ObjectKey::of).toList());
  }

  @Test
  void aFailureIsTheAppsMessageAndNothingIsThrown() {
    PasswordRotations failing =
        new PasswordRotations(
            (spec, liveBefore) -> {
              throw new IllegalStateException("password rotation stopped at ACL SETUSER on pod-0");
            });
    assertThat(failing.apply(spec(Map.of(PasswordRotation.ANNOTATION, "r1")), live(null)))
        .isEqualTo(
            new PasswordRotations.Outcome(
                "password rotation: password rotation stopped at ACL SETUSER on pod-0", false));
  }

  @Test
  void aClusterReachesTheClusterHookOnlyWhenItAsksOrHasARotationRecorded() {
    List<String> clusterCalls = new ArrayList<>();
    PasswordRotations clusterRotations =
        new PasswordRotations(
            new PasswordRotationHook() {
              @Override
              public boolean rotate(RedisSpec spec, Set<ObjectKey> liveBefore) {
                throw new AssertionError("a cluster is not a Sentinel group");
              }

              @Override
              public boolean rotateCluster(RedisClusterSpec spec, Set<ObjectKey> liveBefore) {
                clusterCalls.add(spec.ref().name());
                return false;
              }
            });
    RedisClusterSpec cluster = RedisClusterTestSpecs.spec("shards", 3, 1, true);
    List<HasMetadata> recorded =
        List.of(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName("shards-shard-0")
                .withNamespace("default")
                .addToAnnotations(
                    RotationRecord.ANNOTATION,
                    RotationRecord.firstSeen(T0, "").start("r1", T0).encode())
                .endMetadata()
                .build());

    assertThat(clusterRotations.apply(cluster, List.of()))
        .isEqualTo(PasswordRotations.Outcome.NOTHING);
    assertThat(
            clusterRotations.apply(
                cluster.withPasswordRotation(
                    new PasswordRotation(Optional.of(Duration.ofDays(30)), Duration.ZERO)),
                List.of()))
        .isEqualTo(PasswordRotations.Outcome.NOTHING);
    assertThat(clusterRotations.apply(cluster, recorded))
        .isEqualTo(PasswordRotations.Outcome.NOTHING);

    assertThat(clusterCalls).as("the schedule and the recorded rotation").hasSize(2);
  }

  @Test
  void onlyARotationBetweenItsFirstStepAndTheEndOfItsOverlapIsInFlight() {
    RotationRecord idle = RotationRecord.firstSeen(T0, "r1");
    assertThat(PasswordRotations.inFlight(live(null))).isFalse();
    assertThat(PasswordRotations.inFlight(live(idle))).isFalse();
    assertThat(PasswordRotations.inFlight(live(idle.start("r2", T0)))).isTrue();
    assertThat(
            PasswordRotations.inFlight(
                live(idle.start("r2", T0).advance(RotationRecord.Phase.SWITCHED, T0))))
        .isTrue();
  }
}
