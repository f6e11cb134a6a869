package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.mooring.core.redis.InternalUsersRotation;
import io.mooring.core.redis.KubernetesPasswordRotation;
import io.mooring.core.redis.RedisAclSync;
import io.mooring.core.redis.RotationServers;
import io.mooring.core.redisops.RotationRecord;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.PasswordGenerator;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.render.redis.RedisAuthSecret;
import io.mooring.core.render.redis.RedisUserSecret;
import io.mooring.core.render.rediscluster.ClusterRotationServers;
import io.mooring.core.render.rediscluster.RedisClusterNames;
import io.mooring.core.render.rediscluster.RedisClusterTestSpecs;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.RedisAclUser;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisEngine;
import io.mooring.core.spec.RedisPersistence;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.spec.SourceLocation;
import io.mooring.core.testing.MovableClock;
import io.mooring.core.testing.RenderedObjects;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis Cluster app's sync runs its password rotation (the mock API server in CRUD mode, no Redis
 * server): the rotate-passwords annotation on a running cluster draws the new passwords, keeps them
 * in the Secrets and records the progress on the first shard's StatefulSet before it tries the
 * nodes; a node that cannot be reached stops it there, named in the result.
 */
class RedisClusterPasswordRotationReconcileTest {
  private static final AppRef CACHE = new AppRef(AppKind.REDIS_CLUSTER, "tenant-x", "cache");
  private static final RedisClusterSpec CLUSTER =
      new RedisClusterSpec(
              CACHE,
              SourceLocation.ofFile("apps/cache.yaml"),
              Map.of(),
              3,
              1,
              ResourcePreset.DEFAULT.resources(),
              new Quantity("1Gi"),
              "",
              new RedisEngine(RedisEngine.Family.REDIS, Optional.of("7.2")),
              RedisPersistence.DEFAULT)
          .withAclUsers(List.of(new RedisAclUser("app", "+@read", Optional.empty())));
  private static final RedisClusterNames NAMES = new RedisClusterNames(CACHE, "cluster.local");

  private final EngineHarness engine = new EngineHarness();
  private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final AtomicInteger drawn = new AtomicInteger();
  private final List<String> asked = new ArrayList<>();
  private final PasswordGenerator counted =
      purpose -> {
        drawn.incrementAndGet();
        return ("Drawn" + purpose.hashCode() + "abcdefghijklmnopqrstuvwxyz0123456789")
            .substring(0, PasswordGenerator.LENGTH);
      };

  /** No node answers: the address is on loopback, its port closed. */
  private final RotationServers unreachable =
      new ClusterRotationServers(
          (names, masters, nodesPerShard) -> {
            asked.add(masters + "x" + nodesPerShard);
            return List.of(new RedisAclSync.Server(names.pod(2, 1), "127.0.0.1", 1));
          });

  @AfterEach
  void close() {
    engine.close();
  }

  private AppResult sync(RedisClusterSpec spec) {
    Reconciler reconciler =
        new Reconciler(
            new Renderer(RenderOptions.defaults())::render,
            engine.cache,
            engine.applier,
            engine.metrics,
            ReconcileOptions.defaults().withMode(ReconcileMode.APPLY).withClock(clock),
            ServerHooks.NONE
                .withRedisCluster(
                    (app, shape) ->
                        new ClusterSettlement(ClusterSettlement.State.SETTLED, "ok", List.of()))
                .withPasswordRotation(
                    new KubernetesPasswordRotation(
                        engine.cache,
                        engine.applier,
                        unreachable,
                        "cluster.local",
                        counted,
                        clock,
                        Duration.ofSeconds(1))));
    return reconciler.reconcile(spec, "0a1b2c", Trigger.POLL);
  }

  private static RedisClusterSpec annotated(String request) {
    return RedisClusterTestSpecs.annotated(CLUSTER, request);
  }

  /** The controllers report every shard's pods ready. */
  private void shardsReady() {
    for (HasMetadata object : engine.cache.liveObjects(CACHE)) {
      if (object instanceof StatefulSet set) {
        int replicas = set.getSpec().getReplicas();
        set.setStatus(
            new StatefulSetStatusBuilder()
                .withReplicas(replicas)
                .withReadyReplicas(replicas)
                .withCurrentReplicas(replicas)
                .withUpdatedReplicas(replicas)
                .withObservedGeneration(set.getMetadata().getGeneration())
                .build());
        engine.edit(set);
      }
    }
  }

  private Optional<RotationRecord> record(String kind, String name) {
    HasMetadata object =
        kind.equals("StatefulSet")
            ? engine.live(StatefulSet.class, CACHE, name)
            : engine.live(Secret.class, CACHE, name);
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null
        ? Optional.empty()
        : RotationRecord.decode(annotations.get(RotationRecord.ANNOTATION));
  }

  private Map<String, String> secret(String name) {
    return new java.util.TreeMap<>(
        RenderedObjects.decodedData(engine.live(Secret.class, CACHE, name)));
  }

  @Test
  void theAnnotationOnARunningClusterDrawsAndKeepsTheNewPasswordsAndRecordsTheProgress() {
    assertThat(sync(CLUSTER)).isInstanceOf(AppResult.Synced.class);
    shardsReady();
    String old = secret(NAMES.authSecret()).get(RedisAuthSecret.PASSWORD_KEY);

    AppResult stopped = sync(annotated("2026-q1"));

    assertThat(stopped).isInstanceOf(AppResult.Failed.class);
    Map<String, String> auth = secret(NAMES.authSecret());
    String fresh = auth.get(RedisUserSecret.NEXT_AUTH_KEY);
    assertThat(fresh).isNotNull().isNotEqualTo(old);
    assertThat(auth).containsEntry(RedisAuthSecret.PASSWORD_KEY, old);
    assertThat(((AppResult.Failed) stopped).error())
        .contains("password rotation")
        .contains(NAMES.pod(2, 1))
        .doesNotContain(old)
        .doesNotContain(fresh);
    assertThat(asked).as("every node of every shard").contains("3x2");
    assertThat(record("StatefulSet", NAMES.shard(0)))
        .hasValueSatisfying(
            record -> {
              assertThat(record.phase()).isEqualTo(RotationRecord.Phase.PREPARED);
              assertThat(record.request()).isEqualTo("2026-q1");
            });
    assertThat(record("Secret", NAMES.authSecret()))
        .as("Mooring's own users, recorded on the auth Secret")
        .hasValueSatisfying(
            record -> assertThat(record.phase()).isEqualTo(RotationRecord.Phase.PREPARED));
    assertThat(secret(NAMES.userSecret(CLUSTER.aclUsers().get(0))))
        .as("a user's rotation waits until the app's has gone through")
        .doesNotContainKey(RedisUserSecret.NEXT_PASSWORD_KEY);
    assertThat(drawn)
        .as("the app's and each of Mooring's rotated users' new passwords")
        .hasValue(1 + InternalUsersRotation.CLUSTER_ROTATED.size());
    assertThat(secret(CLUSTER.connectionSecret().name()))
        .as("the connection Secret names the new password only after the switch")
        .containsEntry("REDIS_PASSWORD", old);

    // The next sync resumes with the kept passwords and draws none.
    assertThat(sync(annotated("2026-q1"))).isInstanceOf(AppResult.Failed.class);
    assertThat(secret(NAMES.authSecret())).containsEntry(RedisUserSecret.NEXT_AUTH_KEY, fresh);
    assertThat(drawn).hasValue(1 + InternalUsersRotation.CLUSTER_ROTATED.size());
  }

  @Test
  void aClusterCreatedWithTheAnnotationIsRememberedAndNotRotated() {
    assertThat(sync(annotated("2026-q1"))).isInstanceOf(AppResult.Synced.class);
    shardsReady();
    assertThat(sync(annotated("2026-q1"))).isInstanceOf(AppResult.Synced.class);

    assertThat(record("StatefulSet", NAMES.shard(0)))
        .hasValueSatisfying(
            record -> {
              assertThat(record.phase()).isEqualTo(RotationRecord.Phase.IDLE);
              assertThat(record.lastRequest()).isEqualTo("2026-q1");
            });
    assertThat(secret(NAMES.authSecret())).doesNotContainKey(RedisUserSecret.NEXT_AUTH_KEY);
    assertThat(asked).as("remembering takes no node").isEmpty();
    assertThat(drawn).hasValue(0);
  }
}
