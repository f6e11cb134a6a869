package io.mooring.core.render.rediscluster;

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
import io.mooring.core.reconcile.ClusterSettlement;
import io.mooring.core.reconcile.ReconcileOptions;
import io.mooring.core.reconcile.Reconciler;
import io.mooring.core.reconcile.RedisClusterShape;
import io.mooring.core.reconcile.ServerHooks;
import io.mooring.core.reconcile.Trigger;
import io.mooring.core.redis.InternalUsersRotation;
import io.mooring.core.redis.KubernetesPasswordRotation;
import io.mooring.core.redis.RedisAclSync;
import io.mooring.core.redis.RedisCommandException;
import io.mooring.core.redis.RedisConnection;
import io.mooring.core.redis.RedisLogin;
import io.mooring.core.redis.RotationServers;
import io.mooring.core.rediscluster.ClusterListener;
import io.mooring.core.rediscluster.InMemoryProgressStore;
import io.mooring.core.rediscluster.LettuceNodeCommands;
import io.mooring.core.rediscluster.NodeAddress;
import io.mooring.core.rediscluster.RedisClusterOrchestration;
import io.mooring.core.redisops.RotationRecord;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.PasswordGenerator;
import io.mooring.core.render.redis.RedisAuthSecret;
import io.mooring.core.render.redis.RedisCli;
import io.mooring.core.render.redis.RedisInternalUsers;
import io.mooring.core.render.redis.RedisUserSecret;
import io.mooring.core.spec.PasswordRotation;
import io.mooring.core.spec.RedisAclUser;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.testing.MovableClock;
import io.mooring.core.testing.RealBinaries;
import io.mooring.core.testing.RenderedObjects;
import io.mooring.sandbox.ApplyingMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis Cluster's password rotation driven by the reconciler through its Kubernetes store (the
 * mock API server in CRUD mode), on a rendered cluster of real redis-server processes (three
 * masters, one replica each) arranged by Mooring's orchestration: the annotation rotates the app's
 * password, a generated user's and Mooring's own users' on every node of every shard; a rotation
 * stopped after the ACL step resumes with the same new passwords; clients holding the old password
 * keep working through the overlap, which is refused after it; no replica's link drops; a failover
 * after the rotation succeeds with the replication user's new password.
 */
class RedisClusterPasswordRotationIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String REVISION = "0a1b2c";
  private static final int MASTERS = 3;

  @TempDir Path root;
  private final ApplyingMockServer server = new ApplyingMockServer();
  private final KubernetesClient client = server.createClient();
  private final ClusterCache cache = ClusterCache.start(client, List.of(), Duration.ofSeconds(10));
  private final Applier applier =
      new Applier(
          client,
          new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5)));
  private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Renderer renderer = new Renderer(RedisClusterTestSpecs.OPTIONS);
  private final AtomicInteger drawn = new AtomicInteger();
  private final PasswordGenerator counted =
      purpose -> {
        int draw = drawn.incrementAndGet();
        return ("Rotated" + draw + "x" + purpose.hashCode() + "abcdefghijklmnopqrstuvwxyz")
            .substring(0, PasswordGenerator.LENGTH);
      };
  private final RedisClusterSpec spec =
      RedisClusterTestSpecs.spec("rot", MASTERS, 1, true)
          .withAclUsers(
              List.of(
                  new RedisAclUser("app", "~app:* +@read +@write +@connection", Optional.empty())))
          .withPasswordRotation(new PasswordRotation(Optional.empty(), Duration.ofHours(24)));
  private final RedisClusterNames names = new RedisClusterNames(spec.ref(), "cluster.local");
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
  private final List<RedisConnection> held = new ArrayList<>();
  private LoopbackRedisCluster cluster;
  private ScheduledFuture<?> sampling;

  @AfterEach
  void stop() {
    sampler.shutdownNow();
    held.forEach(RedisConnection::close);
    if (cluster != null) {
      cluster.close();
    }
    cache.close();
    client.close();
    server.close();
  }

  @Test
  void theAnnotationRotatesEveryPasswordOnEveryNodeWithoutAFailedLoginOrAReplicaLinkDrop() {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-cli", "redis-tools");
    assertThat(mooring(counted).reconcile(spec, REVISION, Trigger.CLI))
        .isInstanceOf(AppResult.Synced.class);
    String old = secret(names.authSecret()).get(RedisAuthSecret.PASSWORD_KEY);
    String userSecret = names.userSecret(spec.aclUsers().get(0));
    String userOld = secret(userSecret).get(RedisUserSecret.PASSWORD_KEY);
    String operatorOld = secret(names.authSecret()).get(RedisInternalUsers.OPERATOR.secretKey());
    bootAndArrange();
    assertThat(cluster.password()).as("the servers run what the API holds").isEqualTo(old);

    // A client of each shard's master, logged in with the app's password before the rotation.
    List<String> keys = new ArrayList<>();
    for (int shard = 0; shard < MASTERS; shard++) {
      RedisConnection app = open(node(shard, 0), null, old);
      held.add(app);
      keys.add(ownKey(app));
    }
    Map<Integer, Long> fullSyncs = fullSyncs(old);
    Map<Integer, List<String>> links = sampleReplicaLinks(operatorOld);

    // A node whose operator may not change settings refuses the step after the ACL step.
    int refusing = node(1, 1);
    assertThat(
            RedisCli.call(old, cluster.address(refusing), cluster.port, operatorConfig("-config")))
        .isEqualTo("OK");
    AppResult stopped = mooring(counted).reconcile(annotated("2026-q1"), REVISION, Trigger.CLI);
    assertThat(stopped).isInstanceOf(AppResult.Failed.class);
    // The switch names the new password in the Secret before it moves the consumers, so a node
    // started from here on takes it; the refused step stays to be taken again (still ADDED).
    String fresh = secret(names.authSecret()).get(RedisAuthSecret.PASSWORD_KEY);
    assertThat(fresh).isNotNull().isNotEqualTo(old);
    assertThat(((AppResult.Failed) stopped).error())
        .contains("password rotation")
        .contains(names.pod(1, 1))
        .doesNotContain(old)
        .doesNotContain(fresh);
    assertThat(record().phase()).isEqualTo(RotationRecord.Phase.ADDED);
    assertThat(secret(names.authSecret()))
        .containsEntry(RedisUserSecret.PREVIOUS_AUTH_KEY, old)
        .doesNotContainKey(RedisUserSecret.NEXT_AUTH_KEY);
    assertThat(secret(spec.connectionSecret().name())).containsEntry("REDIS_PASSWORD", old);
    assertEveryNode(null, fresh, true);
    assertEveryNode(null, old, true);

    // The node takes the step again; a restarted Mooring resumes with the kept passwords. The
    // user's rotation waited for the app's: its new password is drawn now.
    assertThat(
            RedisCli.call(old, cluster.address(refusing), cluster.port, operatorConfig("+config")))
        .isEqualTo("OK");
    AppResult resumed =
        mooring(
                purpose -> {
                  if (purpose.startsWith(names.authSecret() + "/")) {
                    throw new AssertionError("a second new password was drawn for " + purpose);
                  }
                  return counted.generate(purpose);
                })
            .reconcile(annotated("2026-q1"), REVISION, Trigger.CLI);
    assertThat(resumed).isInstanceOf(AppResult.Synced.class);
    assertThat(secret(names.authSecret()))
        .containsEntry(RedisAuthSecret.PASSWORD_KEY, fresh)
        .containsEntry(RedisUserSecret.PREVIOUS_AUTH_KEY, old)
        .doesNotContainKey(RedisUserSecret.NEXT_AUTH_KEY);
    assertThat(secret(spec.connectionSecret().name()))
        .as("the connection Secret carries the new password after the switch")
        .containsEntry("REDIS_PASSWORD", fresh);
    assertThat(record().phase()).isEqualTo(RotationRecord.Phase.SWITCHED);
    String userFresh = secret(userSecret).get(RedisUserSecret.PASSWORD_KEY);
    assertThat(userFresh).isNotEqualTo(userOld);
    assertThat(secret(userSecret)).containsEntry(RedisUserSecret.PREVIOUS_PASSWORD_KEY, userOld);
    assertThat(drawn)
        .as("one new password for the app, one for its user, one for each of Mooring's rotated")
        .hasValue(2 + InternalUsersRotation.CLUSTER_ROTATED.size());
    assertEveryNode(null, fresh, true);
    assertEveryNode("app", userFresh, true);

    // Through the overlap the old passwords log in and the clients holding them keep working.
    Reconciler later = mooring(counted);
    clock.set(clock.instant().plus(Duration.ofHours(23)));
    assertThat(later.reconcile(annotated("2026-q1"), REVISION, Trigger.CLI))
        .isInstanceOf(AppResult.Synced.class);
    assertEveryNode(null, old, true);
    assertEveryNode("app", userOld, true);
    for (int shard = 0; shard < MASTERS; shard++) {
      assertThat(held.get(shard).call("SET", keys.get(shard), "during-overlap"))
          .as("shard %d's client with the old password", shard)
          .isEqualTo("OK");
    }

    // After it, the old passwords are refused everywhere and the new ones log in everywhere.
    clock.set(clock.instant().plus(Duration.ofHours(2)));
    assertThat(later.reconcile(annotated("2026-q1"), REVISION, Trigger.CLI))
        .isInstanceOf(AppResult.Synced.class);
    assertEveryNode(null, old, false);
    assertEveryNode("app", userOld, false);
    assertEveryNode(RedisInternalUsers.OPERATOR.name(), operatorOld, false);
    assertEveryNode(null, fresh, true);
    assertEveryNode("app", userFresh, true);
    assertEveryNode(
        RedisInternalUsers.OPERATOR.name(),
        secret(names.authSecret()).get(RedisInternalUsers.OPERATOR.secretKey()),
        true);
    assertThat(secret(names.authSecret()))
        .doesNotContainKeys(
            RedisUserSecret.PREVIOUS_AUTH_KEY,
            InternalUsersRotation.previousKey(RedisInternalUsers.REPLICATION));
    assertThat(record().phase()).isEqualTo(RotationRecord.Phase.IDLE);
    assertThat(record().lastRequest()).isEqualTo("2026-q1");

    assertThat(sampling.isDone()).as("the sampling ran to the end").isFalse();
    sampler.shutdownNow();
    for (int shard = 0; shard < MASTERS; shard++) {
      assertThat(links.get(node(shard, 1)))
          .as("shard %d's replica's link, sampled through the rotation", shard)
          .isNotEmpty()
          .containsOnly("up");
    }
    assertThat(fullSyncs(fresh)).as("no replica had to sync in full again").isEqualTo(fullSyncs);

    // A failover after the rotation: the former master replicates logged in with the new
    // password of the replication user.
    int replica = node(0, 1);
    int former = node(0, 0);
    assertThat(RedisCli.call(fresh, cluster.address(replica), cluster.port, "CLUSTER", "FAILOVER"))
        .isEqualTo("OK");
    await("shard 0's replica is its master")
        .atMost(PATIENCE)
        .until(() -> info(fresh, replica, "role").equals("master"));
    await("the former master replicates from it")
        .atMost(PATIENCE)
        .until(() -> info(fresh, former, "master_link_status").equals("up"));
    assertThat(
            RedisCli.call(fresh, cluster.address(replica), cluster.port, "SET", keys.get(0), "1"))
        .isEqualTo("OK");
  }

  /** Boots the rendered nodes and lets Mooring's orchestration arrange them into a cluster. */
  private void bootAndArrange() {
    DesiredState state = RedisClusterRenderer.render(spec, RedisClusterTestSpecs.OPTIONS);
    cluster = new LoopbackRedisCluster(state, spec, root);
    cluster.startAll();
    List<RedisLogin> operator =
        List.of(
            new RedisLogin(
                RedisInternalUsers.OPERATOR.name(),
                secret(names.authSecret()).get(RedisInternalUsers.OPERATOR.secretKey())));
    RedisClusterOrchestration orchestration =
        new RedisClusterOrchestration(
            (app, shard, ordinal) ->
                new NodeAddress(cluster.address(node(shard, ordinal)), cluster.port),
            app -> cluster.password().toCharArray(),
            (app, password) -> new LettuceNodeCommands(operator, TIMEOUT, Optional.empty()),
            new InMemoryProgressStore(),
            new ClusterListener() {},
            Duration.ofSeconds(30),
            Duration.ofMillis(100));
    RedisClusterShape shape = new RedisClusterShape(MASTERS, 1, List.of(2, 2, 2));
    await("Mooring's orchestration settles the cluster")
        .atMost(PATIENCE)
        .until(
            () ->
                orchestration.podsReady(spec.ref(), shape).state()
                    == ClusterSettlement.State.SETTLED);
    for (int shard = 0; shard < MASTERS; shard++) {
      int replica = node(shard, 1);
      await("shard " + shard + "'s replica is in sync")
          .atMost(PATIENCE)
          .until(() -> info(cluster.password(), replica, "master_link_status").equals("up"));
    }
  }

  /** A Mooring (re)started with this source of new passwords. */
  private Reconciler mooring(PasswordGenerator passwords) {
    RotationServers loopback =
        new ClusterRotationServers(
            (clusterNames, masters, nodesPerShard) -> {
              List<RedisAclSync.Server> servers = new ArrayList<>();
              for (int n = 0; n < masters * nodesPerShard; n++) {
                servers.add(
                    new RedisAclSync.Server(
                        clusterNames.pod(n / nodesPerShard, n % nodesPerShard),
                        cluster.address(n),
                        cluster.port));
              }
              return servers;
            });
    return new Reconciler(
        renderer::render,
        cache,
        applier,
        new DriftMetrics(new SimpleMeterRegistry()),
        ReconcileOptions.defaults().withClock(clock),
        ServerHooks.NONE.withPasswordRotation(
            new KubernetesPasswordRotation(
                cache, applier, loopback, "cluster.local", passwords, clock, TIMEOUT)));
  }

  private RedisClusterSpec annotated(String request) {
    return RedisClusterTestSpecs.annotated(spec, request);
  }

  /**
   * Each replica's {@code master_link_status}, sampled every 20 ms on a connection opened before
   * the rotation (a login made before the operator's password rotates stays valid).
   */
  private Map<Integer, List<String>> sampleReplicaLinks(String operatorPassword) {
    Map<Integer, List<String>> samples = new ConcurrentHashMap<>();
    Map<Integer, RedisConnection> connections = new TreeMap<>();
    for (int shard = 0; shard < MASTERS; shard++) {
      int replica = node(shard, 1);
      RedisConnection connection =
          open(replica, RedisInternalUsers.OPERATOR.name(), operatorPassword);
      held.add(connection);
      connections.put(replica, connection);
      samples.put(replica, java.util.Collections.synchronizedList(new ArrayList<>()));
    }
    sampling =
        sampler.scheduleAtFixedRate(
            () ->
                connections.forEach(
                    (replica, connection) -> sample(connection, samples.get(replica))),
            0,
            20,
            TimeUnit.MILLISECONDS);
    await("every replica's link is sampled")
        .atMost(PATIENCE)
        .until(() -> samples.values().stream().noneMatch(List::isEmpty));
    return samples;
  }

  /** A sample that cannot be taken is one too: a failure must not end the sampling unseen. */
  private static void sample(RedisConnection connection, List<String> samples) {
    try {
      samples.add(RedisCli.infoField(connection.call("INFO", "replication"), "master_link_status"));
    } catch (RuntimeException e) {
      samples.add("no answer: " + e.getMessage());
    }
  }

  /** {@code sync_full} of each shard's master. */
  private Map<Integer, Long> fullSyncs(String password) {
    Map<Integer, Long> counts = new TreeMap<>();
    for (int shard = 0; shard < MASTERS; shard++) {
      String stats =
          RedisCli.call(password, cluster.address(node(shard, 0)), cluster.port, "INFO", "stats");
      counts.put(node(shard, 0), Long.parseLong(RedisCli.infoField(stats, "sync_full")));
    }
    return counts;
  }

  /** A key the client's node serves: a write to it is not redirected. */
  private static String ownKey(RedisConnection client) {
    for (int i = 0; i < 10_000; i++) {
      try {
        if (client.call("SET", "held-" + i, "before").equals("OK")) {
          return "held-" + i;
        }
      } catch (RedisCommandException redirected) {
        // Another shard's slot.
      }
    }
    throw new AssertionError("no key of this node's slots");
  }

  private static String[] operatorConfig(String rule) {
    return new String[] {"ACL", "SETUSER", RedisInternalUsers.OPERATOR.name(), rule};
  }

  private void assertEveryNode(String user, String password, boolean logsIn) {
    for (int n = 0; n < cluster.nodeCount(); n++) {
      assertThat(logsIn(n, user, password))
          .as("node %d as %s", n, user == null ? "default" : user)
          .isEqualTo(logsIn);
    }
  }

  private boolean logsIn(int node, String user, String password) {
    try (RedisConnection connection = open(node, user, password)) {
      return connection.call("PING").equals("PONG");
    } catch (RedisCommandException e) {
      return false;
    }
  }

  private RedisConnection open(int node, String user, String password) {
    return RedisConnection.open(cluster.address(node), cluster.port, user, password, TIMEOUT);
  }

  private String info(String password, int node, String field) {
    return RedisCli.infoField(
        RedisCli.call(password, cluster.address(node), cluster.port, "INFO", "replication"), field);
  }

  private Map<String, String> secret(String name) {
    Secret secret = client.secrets().inNamespace("default").withName(name).get();
    return new TreeMap<>(RenderedObjects.decodedData(secret));
  }

  private RotationRecord record() {
    StatefulSet live =
        client.apps().statefulSets().inNamespace("default").withName(names.shard(0)).get();
    Map<String, String> annotations = live.getMetadata().getAnnotations();
    return RotationRecord.decode(
            annotations == null ? null : annotations.get(RotationRecord.ANNOTATION))
        .orElse(null);
  }

  private static int node(int shard, int ordinal) {
    return shard * 2 + ordinal;
  }
}
