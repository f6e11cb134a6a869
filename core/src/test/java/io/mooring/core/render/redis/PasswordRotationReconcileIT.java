package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.core.kube.Applier;
import io.mooring.core.kube.ClusterCache;
import io.mooring.core.kube.RetryPolicy;
import io.mooring.core.metrics.DriftMetrics;
import io.mooring.core.reconcile.AppResult;
import io.mooring.core.reconcile.ReconcileOptions;
import io.mooring.core.reconcile.Reconciler;
import io.mooring.core.reconcile.ServerHooks;
import io.mooring.core.reconcile.Trigger;
import io.mooring.core.redis.InternalUsersRotation;
import io.mooring.core.redis.KubernetesPasswordRotation;
import io.mooring.core.redis.RedisAclSync;
import io.mooring.core.redis.RedisCommandException;
import io.mooring.core.redis.RedisConnection;
import io.mooring.core.redis.RotationServers;
import io.mooring.core.redisops.RotationRecord;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.PasswordGenerator;
import io.mooring.core.spec.PasswordRotation;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import io.mooring.core.testing.MovableClock;
import io.mooring.core.testing.RealBinaries;
import io.mooring.core.testing.RenderedObjects;
import io.mooring.sandbox.ApplyingMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password rotation driven by the reconciler through its Kubernetes store (the mock API server in
 * CRUD mode), on a 3-pod Sentinel set of real servers on loopback: the annotation set on a running
 * app rotates its password, the Secrets carry the new one, the old one works through the overlap
 * and is refused after it, and a Mooring restarted mid-rotation resumes it with the same new
 * password.
 */
class PasswordRotationReconcileIT {
  private static final int REPLICAS = 3;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String REVISION = "0a1b2c";

  @TempDir Path root;
  private final ApplyingMockServer server = new ApplyingMockServer();
  private final KubernetesClient client = server.createClient();
  private final ClusterCache cache = ClusterCache.start(client, List.of(), Duration.ofSeconds(10));
  private final Applier applier =
      new Applier(
          client,
          new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5)));
  private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Renderer renderer = new Renderer(RedisTestSpecs.OPTIONS);
  private final AtomicInteger drawn = new AtomicInteger();
  private LoopbackRedisSet set;

  @AfterEach
  void stop() {
    if (set != null) {
      set.close();
    }
    cache.close();
    client.close();
    server.close();
  }

  /** The loopback servers; {@code unreachable} pod's address answers nothing. */
  private RotationServers loopback(int unreachable) {
    return new RotationServers() {
      @Override
      public List<RedisAclSync.Server> redis(RedisNames names, int replicas) {
        return IntStream.range(0, replicas)
            .mapToObj(
                i ->
                    new RedisAclSync.Server(
                        names.pod(i),
                        i == unreachable ? "127.0.0.250" : LoopbackRedisSet.redisAddress(i),
                        set.redisPort))
            .toList();
      }

      @Override
      public List<RedisAclSync.Server> sentinels(RedisNames names) {
        return LoopbackRedisQueries.sentinelServers(set);
      }
    };
  }

  /** A Mooring (re)started with these servers and this source of new passwords. */
  private Reconciler mooring(RotationServers servers, PasswordGenerator passwords) {
    return new Reconciler(
        renderer::render,
        cache,
        applier,
        new DriftMetrics(new SimpleMeterRegistry()),
        ReconcileOptions.defaults().withClock(clock),
        ServerHooks.NONE.withPasswordRotation(
            new KubernetesPasswordRotation(
                cache, applier, servers, "cluster.local", passwords, clock, TIMEOUT)));
  }

  private final PasswordGenerator counted =
      purpose -> {
        int draw = drawn.incrementAndGet();
        return ("Rotated" + draw + "x" + purpose.hashCode() + "abcdefghijklmnopqrstuvwxyz")
            .substring(0, PasswordGenerator.LENGTH);
      };

  private static RedisSpec annotated(RedisSpec spec, String request) {
    return new RedisSpec(
        spec.ref(),
        spec.source(),
        Map.of(PasswordRotation.ANNOTATION, request),
        spec.replicas(),
        spec.resources(),
        spec.size(),
        spec.storageClass(),
        spec.external(),
        spec.authEnabled(),
        spec.lifecycle(),
        spec.engine(),
        spec.persistence(),
        spec.dataSource());
  }

  private Map<String, String> secret(String name) {
    Secret secret = client.secrets().inNamespace("default").withName(name).get();
    return new java.util.TreeMap<>(RenderedObjects.decodedData(secret));
  }

  private RotationRecord record(RedisNames names) {
    StatefulSet live =
        client.apps().statefulSets().inNamespace("default").withName(names.redis()).get();
    Map<String, String> annotations = live.getMetadata().getAnnotations();
    return RotationRecord.decode(
            annotations == null ? null : annotations.get(RotationRecord.ANNOTATION))
        .orElse(null);
  }

  private static boolean logsIn(String host, int port, String password) {
    return RedisLogins.logsIn(host, port, null, password);
  }

  private String master(String password, String name) {
    return LoopbackRedisQueries.masterFromSentinels(set, password, name);
  }

  private void assertEverywhere(String password, boolean logsIn) {
    for (int i = 0; i < REPLICAS; i++) {
      assertThat(logsIn(LoopbackRedisSet.redisAddress(i), set.redisPort, password))
          .as("pod %d", i)
          .isEqualTo(logsIn);
    }
    for (int i = 0; i < RedisContext.SENTINELS; i++) {
      assertThat(logsIn(set.sentinelAddress(i), set.sentinelPort, password))
          .as("sentinel %d", i)
          .isEqualTo(logsIn);
    }
  }

  @Test
  void theAnnotationOnARunningAppRotatesItsPasswordThroughARestartAndTheOverlap() {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-sentinel", "redis-sentinel");
    RealBinaries.require("redis-cli", "redis-tools");
    RedisSpec plain = RedisTestSpecs.seedThreeReplicas();
    RedisNames names = new RedisNames(plain.ref(), "cluster.local");
    String connection = plain.connectionSecret().name();

    // Created without the annotation: no record, and no rotation.
    assertThat(mooring(loopback(-1), counted).reconcile(plain, REVISION, Trigger.CLI))
        .isInstanceOf(AppResult.Synced.class);
    assertThat(record(names)).as("an app that never rotates gets no record").isNull();
    String old = secret(names.authSecret()).get(RedisAuthSecret.PASSWORD_KEY);

    set = new LoopbackRedisSet(RedisRenderer.render(plain, RedisTestSpecs.OPTIONS), REPLICAS, root);
    assertThat(set.password()).isEqualTo(old);
    LoopbackRedisQueries.bootAndAwaitMaster(set, REPLICAS, old, names.masterName());

    // The annotation on the running app: the new password is drawn and kept, then pod 2 cannot
    // be reached and the rotation stops there.
    RedisSpec asked = annotated(plain, "2026-q1");
    AppResult stopped = mooring(loopback(2), counted).reconcile(asked, REVISION, Trigger.CLI);
    assertThat(stopped).isInstanceOf(AppResult.Failed.class);
    String fresh = secret(names.authSecret()).get(RedisUserSecret.NEXT_AUTH_KEY);
    assertThat(fresh).isNotNull().isNotEqualTo(old);
    assertThat(((AppResult.Failed) stopped).error())
        .contains("password rotation")
        .contains(names.pod(2))
        .doesNotContain(old)
        .doesNotContain(fresh);
    assertThat(secret(names.authSecret())).containsEntry(RedisAuthSecret.PASSWORD_KEY, old);
    assertThat(record(names).phase()).isEqualTo(RotationRecord.Phase.PREPARED);
    assertThat(drawn)
        .as("one new password for the app, one for each of Mooring's rotated users")
        .hasValue(1 + InternalUsersRotation.ROTATED.size());

    // A restarted Mooring resumes with the password it kept, and draws none.
    AppResult resumed =
        mooring(
                loopback(-1),
                purpose -> {
                  throw new AssertionError("a second new password was drawn for " + purpose);
                })
            .reconcile(asked, REVISION, Trigger.CLI);
    assertThat(resumed).isInstanceOf(AppResult.Synced.class);
    Map<String, String> auth = secret(names.authSecret());
    assertThat(auth)
        .containsEntry(RedisAuthSecret.PASSWORD_KEY, fresh)
        .containsEntry(RedisUserSecret.PREVIOUS_AUTH_KEY, old)
        .doesNotContainKey(RedisUserSecret.NEXT_AUTH_KEY);
    assertThat(secret(connection))
        .as("the connection Secret carries the new password after the switch")
        .containsEntry("REDIS_PASSWORD", fresh)
        .hasEntrySatisfying("REDIS_URI", uri -> assertThat(uri).contains(fresh));
    assertThat(record(names).phase()).isEqualTo(RotationRecord.Phase.SWITCHED);
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("default")
                .withName(names.exporter())
                .get()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations())
        .as("the exporter logs in as its own user: the rotation does not restart it")
        .doesNotContainKey("mooring.io/password-switched");
    assertEverywhere(fresh, true);
    assertEverywhere(old, true);

    // Within the overlap a sync keeps the old password; after it, the same sync drops it.
    Reconciler later = mooring(loopback(-1), counted);
    clock.set(clock.instant().plus(Duration.ofHours(23)));
    assertThat(later.reconcile(asked, REVISION, Trigger.CLI)).isInstanceOf(AppResult.Synced.class);
    assertEverywhere(old, true);
    clock.set(clock.instant().plus(Duration.ofHours(2)));
    assertThat(later.reconcile(asked, REVISION, Trigger.CLI)).isInstanceOf(AppResult.Synced.class);
    assertEverywhere(old, false);
    assertEverywhere(fresh, true);
    assertThat(secret(names.authSecret()))
        .containsEntry(RedisAuthSecret.PASSWORD_KEY, fresh)
        .doesNotContainKey(RedisUserSecret.PREVIOUS_AUTH_KEY);
    assertThat(record(names).phase()).isEqualTo(RotationRecord.Phase.IDLE);
    assertThat(record(names).lastRequest()).isEqualTo("2026-q1");
    String master = master(fresh, names.masterName());
    // A replica counts for min-replicas-to-write once its first ACK arrived (within a second).
    await("the master takes writes with the new password")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                RedisCli.call(fresh, master, set.redisPort, "SET", "after-rotation", "1")
                    .equals("OK"));
    for (int i = 0; i < REPLICAS; i++) {
      String replication =
          RedisCli.call(
              fresh, LoopbackRedisSet.redisAddress(i), set.redisPort, "INFO", "replication");
      if (replication.contains("role:slave")) {
        assertThat(RedisCli.infoField(replication, "master_link_status"))
            .as("pod %d still replicates", i)
            .isEqualTo("up");
      }
    }
    assertThat(drawn)
        .as("one new password for the app, one for each of Mooring's rotated users")
        .hasValue(1 + InternalUsersRotation.ROTATED.size());

    // Done: the same annotation asks for nothing more.
    server.resetCounts();
    assertThat(later.reconcile(asked, REVISION, Trigger.CLI)).isInstanceOf(AppResult.Synced.class);
    assertThat(server.writes()).isZero();
  }

  @Test
  void anAppCreatedWithTheAnnotationIsNotRotated() {
    RedisSpec created = annotated(RedisTestSpecs.seedThreeReplicas(), "2026-q1");
    RedisNames names = new RedisNames(created.ref(), "cluster.local");
    // No server runs: a rotation would fail to reach them.
    AppResult result = mooring(unreachable(), counted).reconcile(created, REVISION, Trigger.CLI);

    assertThat(result).isInstanceOf(AppResult.Synced.class);
    assertThat(record(names).lastRequest()).isEqualTo("2026-q1");
    assertThat(record(names).phase()).isEqualTo(RotationRecord.Phase.IDLE);
    assertThat(secret(names.authSecret()))
        .containsKey(RedisAuthSecret.PASSWORD_KEY)
        .as("no rotation started: no new password kept, no previous one")
        .doesNotContainKeys(RedisUserSecret.NEXT_AUTH_KEY, RedisUserSecret.PREVIOUS_AUTH_KEY);
    assertThat(drawn).hasValue(0);
  }

  private static final String USERS =
      """
      apiVersion: cache.hera.io/v1alpha1
      kind: RedisInstance
      metadata:
        name: shop
        annotations:
          mooring.io/rotate-passwords: "%s"
      spec:
        acl:
          users:
            - name: reports
              rules: "%%R~reports:* +@read"
        passwordRotation:
          overlap: 1h
      """;

  private static RedisSpec users(String request) {
    var result =
        SpecParser.standard(SpecParserOptions.defaults())
            .parse(List.of(SpecFile.of("shop.yaml", USERS.formatted(request))));
    assertThat(result.errors()).isEmpty();
    return (RedisSpec) result.specs().get(0);
  }

  private static boolean logsInAs(String user, String password, int port) {
    try (RedisConnection connection =
        RedisConnection.open(LoopbackRedisSet.redisAddress(0), port, user, password, TIMEOUT)) {
      // A command its rules allow: PING is not among them.
      return connection.call("GET", "reports:probe").isEmpty();
    } catch (RedisCommandException e) {
      return false;
    }
  }

  @Test
  void aGeneratedUsersPasswordRotatesWithTheAppsOnTheSameRequest() {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-cli", "redis-tools");
    RedisSpec created = users("first");
    RedisNames names = new RedisNames(created.ref(), "cluster.local");
    String userSecret = names.userSecret(created.aclUsers().get(0));
    Reconciler mooring = mooring(loopback(-1), counted);
    assertThat(mooring.reconcile(created, REVISION, Trigger.CLI))
        .isInstanceOf(AppResult.Synced.class);
    String old = secret(userSecret).get(RedisUserSecret.PASSWORD_KEY);
    set = new LoopbackRedisSet(RedisRenderer.render(created, RedisTestSpecs.OPTIONS), 1, root);
    set.startRedis(0);
    assertThat(logsInAs("reports", old, set.redisPort)).isTrue();

    RedisSpec asked = users("second");
    assertThat(mooring.reconcile(asked, REVISION, Trigger.CLI))
        .isInstanceOf(AppResult.Synced.class);
    Map<String, String> rotated = secret(userSecret);
    String fresh = rotated.get(RedisUserSecret.PASSWORD_KEY);
    assertThat(fresh).isNotEqualTo(old);
    assertThat(rotated)
        .containsEntry(RedisUserSecret.PREVIOUS_PASSWORD_KEY, old)
        .doesNotContainKey(RedisUserSecret.NEXT_PASSWORD_KEY);
    assertThat(logsInAs("reports", fresh, set.redisPort)).isTrue();
    assertThat(logsInAs("reports", old, set.redisPort)).isTrue();
    String admin = secret(names.authSecret()).get(RedisAuthSecret.PASSWORD_KEY);
    try (RedisConnection connection =
        RedisConnection.open(
            LoopbackRedisSet.redisAddress(0), set.redisPort, null, admin, TIMEOUT)) {
      assertThat(connection.call("ACL", "GETUSER", "reports"))
          .as("the user's rules are left as they were")
          .contains("%R~reports:*");
    }

    clock.set(clock.instant().plus(Duration.ofHours(2)));
    assertThat(mooring.reconcile(asked, REVISION, Trigger.CLI))
        .isInstanceOf(AppResult.Synced.class);
    assertThat(logsInAs("reports", old, set.redisPort)).isFalse();
    assertThat(logsInAs("reports", fresh, set.redisPort)).isTrue();
    assertThat(secret(userSecret)).containsOnlyKeys(RedisUserSecret.PASSWORD_KEY);
    assertThat(drawn)
        .as(
            "one new password for the app, one for its user, one for each of Mooring's rotated users")
        .hasValue(2 + InternalUsersRotation.ROTATED.size());
  }

  private static RotationServers unreachable() {
    return new RotationServers() {
      @Override
      public List<RedisAclSync.Server> redis(RedisNames names, int replicas) {
        return List.of(new RedisAclSync.Server("nowhere", "127.0.0.250", 1));
      }

      @Override
      public List<RedisAclSync.Server> sentinels(RedisNames names) {
        return List.of(new RedisAclSync.Server("nowhere", "127.0.0.250", 1));
      }
    };
  }
}
