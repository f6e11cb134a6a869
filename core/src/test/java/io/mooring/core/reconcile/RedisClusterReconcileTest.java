package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.mooring.core.health.HealthStatus;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisEngine;
import io.mooring.core.spec.RedisPersistence;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.spec.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine hands a Redis Cluster app to the cluster hook once its pods are ready, tells the
 * hook's outcome in the app's result, and keeps a leaving shard's StatefulSet until the cluster has
 * let its pods go.
 */
class RedisClusterReconcileTest {
  private static final AppRef CACHE = new AppRef(AppKind.REDIS_CLUSTER, "tenant-x", "cache");

  private final EngineHarness engine = new EngineHarness();
  private final List<RedisClusterShape> shapes = new ArrayList<>();
  private ClusterSettlement next = settled(List.of());
  private final RedisClusterHook recording =
      (app, shape) -> {
        shapes.add(shape);
        return next;
      };

  @AfterEach
  void close() {
    engine.close();
  }

  private AppResult sync(RedisClusterSpec spec, ServerHooks hooks) {
    Renderer renderer = new Renderer(RenderOptions.defaults());
    Reconciler reconciler =
        new Reconciler(
            renderer::render,
            engine.cache,
            engine.applier,
            engine.metrics,
            ReconcileOptions.defaults().withMode(ReconcileMode.APPLY),
            hooks);
    return reconciler.reconcile(spec, "0a1b2c", Trigger.POLL);
  }

  private AppResult sync(RedisClusterSpec spec) {
    return sync(spec, ServerHooks.NONE.withRedisCluster(recording));
  }

  private static RedisClusterSpec cluster(int masters, int replicasPerMaster) {
    return new RedisClusterSpec(
        CACHE,
        SourceLocation.ofFile("apps/cache.yaml"),
        Map.of(),
        masters,
        replicasPerMaster,
        ResourcePreset.DEFAULT.resources(),
        new Quantity("1Gi"),
        "",
        new RedisEngine(RedisEngine.Family.REDIS, Optional.of("7.2")),
        RedisPersistence.DEFAULT);
  }

  private static ClusterSettlement settled(List<String> podsMayGo) {
    return new ClusterSettlement(ClusterSettlement.State.SETTLED, "cluster ok", podsMayGo);
  }

  /** The controllers report every pod of the app ready. */
  private void podsReady() {
    for (HasMetadata object : engine.cache.liveObjects(CACHE)) {
      if (object instanceof StatefulSet set) {
        int replicas = set.getSpec().getReplicas();
        set.setStatus(
            new StatefulSetStatusBuilder()
                .withReplicas(replicas)
                .withReadyReplicas(replicas)
                .withCurrentReplicas(replicas)
                .withUpdatedReplicas(replicas)
                .withAvailableReplicas(replicas)
                .withObservedGeneration(set.getMetadata().getGeneration())
                .build());
        engine.edit(set);
      } else if (object instanceof Deployment deployment) {
        int replicas = deployment.getSpec().getReplicas();
        deployment.setStatus(
            new DeploymentStatusBuilder()
                .withReplicas(replicas)
                .withReadyReplicas(replicas)
                .withAvailableReplicas(replicas)
                .withUpdatedReplicas(replicas)
                .addNewCondition()
                .withType("Available")
                .withStatus("True")
                .endCondition()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .build());
        engine.edit(deployment);
      }
    }
  }

  private StatefulSet shard(int shard) {
    return engine.live(StatefulSet.class, CACHE, "cache-shard-" + shard);
  }

  @Test
  void shardsWithReplicasAreRolledByMooringShardByShardAndAMasterAloneByItsController() {
    List<String> rolled = new ArrayList<>();
    ServerHooks hooks =
        ServerHooks.NONE
            .withRedisCluster(recording)
            .withRoll((spec, set) -> rolled.add(set.getMetadata().getName()));
    sync(cluster(3, 1), hooks);
    assertThat(shard(0).getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
    assertThat(rolled).as("nothing to roll on creation").isEmpty();

    // As the controller reports a template change that no pod of any shard runs yet.
    for (HasMetadata object : engine.cache.liveObjects(CACHE)) {
      if (object instanceof StatefulSet set) {
        set.setStatus(
            new StatefulSetStatusBuilder()
                .withReplicas(2)
                .withUpdateRevision(set.getMetadata().getName() + "-2")
                .withUpdatedReplicas(0)
                .build());
        engine.edit(set);
      }
    }
    sync(cluster(3, 1), hooks);

    assertThat(rolled).containsExactlyInAnyOrder("cache-shard-0", "cache-shard-1", "cache-shard-2");
    sync(cluster(3, 0), ServerHooks.NONE);
    assertThat(shard(0).getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
  }

  @Test
  void theHookIsAskedOnlyOnceThePodsAreReadyWithEveryShardsPods() {
    assertThat(sync(cluster(3, 1))).isInstanceOf(AppResult.Synced.class);
    assertThat(shapes).as("pods still starting").isEmpty();

    podsReady();
    AppResult result = sync(cluster(3, 1));

    assertThat(result).isInstanceOf(AppResult.Synced.class);
    assertThat(shapes).containsExactly(new RedisClusterShape(3, 1, List.of(2, 2, 2)));
  }

  @Test
  void aTlsClusterWithUsersHasItsNodesReloadedAndItsUsersSetAfterTheClusterHadItsTurn() {
    List<String> calls = new ArrayList<>();
    RedisClusterHook cluster =
        (app, shape) -> {
          calls.add("cluster");
          return next;
        };
    TlsReloadHook staleCertificate =
        new TlsReloadHook() {
          @Override
          public void reload(AppRef app, int replicas) {}

          @Override
          public void reloadCluster(AppRef app, int masters, int nodesPerShard) {
            calls.add("reload " + masters + "x" + nodesPerShard);
            throw new IllegalStateException("cache-shard-1-0 still serves another certificate");
          }
        };
    AclUsersHook users =
        new AclUsersHook() {
          @Override
          public void apply(io.mooring.core.spec.RedisSpec spec) {}

          @Override
          public void applyCluster(RedisClusterSpec spec) {
            calls.add("users " + spec.aclUsers().size());
          }
        };
    RedisClusterSpec spec =
        cluster(3, 1)
            .withTls(io.mooring.core.spec.RedisTls.OWN_CA)
            .withAclUsers(
                List.of(new io.mooring.core.spec.RedisAclUser("app", "+@read", Optional.empty())));
    ServerHooks hooks =
        ServerHooks.NONE
            .withRedisCluster(cluster)
            .withTlsReload(staleCertificate)
            .withAclUsers(users);
    sync(spec, hooks);
    podsReady();

    AppResult stale = sync(spec, hooks);

    assertThat(calls).containsExactly("cluster", "reload 3x2");
    assertThat(stale).isInstanceOf(AppResult.Failed.class);
    assertThat(((AppResult.Failed) stale).error())
        .isEqualTo("cache-shard-1-0 still serves another certificate");

    calls.clear();
    AppResult synced = sync(spec, hooks.withTlsReload(TlsReloadHook.NOT_CONFIGURED));
    assertThat(synced).isInstanceOf(AppResult.Synced.class);
    assertThat(calls).containsExactly("cluster", "users 1");
  }

  @Test
  void aLeavingShardKeepsItsStatefulSetUntilTheClusterLetsItsPodsGo() {
    sync(cluster(4, 0));
    podsReady();
    sync(cluster(4, 0));

    next =
        new ClusterSettlement(
            ClusterSettlement.State.IN_PROGRESS,
            "moving slots 12288-16383 off cache-shard-3-0",
            List.of());
    AppResult moving = sync(cluster(3, 0));

    assertThat(shard(3)).as("its slots are still moving").isNotNull();
    assertThat(shapes.get(shapes.size() - 1))
        .isEqualTo(new RedisClusterShape(3, 0, List.of(1, 1, 1, 1)));
    assertThat(moving).isInstanceOf(AppResult.Synced.class);
    AppResult.Synced progressing = (AppResult.Synced) moving;
    assertThat(progressing.health()).isEqualTo(HealthStatus.PROGRESSING);
    assertThat(progressing.objects())
        .anySatisfy(object -> assertThat(object.message()).contains("moving slots 12288-16383"));

    next = settled(List.of("cache-shard-3-0"));
    AppResult released = sync(cluster(3, 0));

    assertThat(released).isInstanceOf(AppResult.Synced.class);
    assertThat(released.changes())
        .anySatisfy(change -> assertThat(change.key().name()).isEqualTo("cache-shard-3"));
    assertThat(released.changes()).allMatch(change -> change instanceof ObjectAction.Prune);
    assertThat(shard(3)).as("let go by the cluster").isNull();
    assertThat(shard(2)).isNotNull();
  }

  @Test
  void withoutAWayToTheServersTheShardStaysAndTheAppSaysTheDaemonArrangesIt() {
    sync(cluster(4, 0), ServerHooks.NONE);
    podsReady();

    AppResult result = sync(cluster(3, 0), ServerHooks.NONE);

    assertThat(shard(3)).isNotNull();
    assertThat(((AppResult.Synced) result).health()).isEqualTo(HealthStatus.PROGRESSING);
    assertThat(((AppResult.Synced) result).objects())
        .anySatisfy(object -> assertThat(object.message()).contains("the daemon arranges"));
  }

  @Test
  void aRefusalBlocksTheAppAndAStuckSlotFailsItNamingTheSlot() {
    sync(cluster(3, 1));
    podsReady();

    next =
        new ClusterSettlement(
            ClusterSettlement.State.BLOCKED,
            "cluster_state is fail: node cache-shard-1-0 is unreachable",
            List.of());
    AppResult blocked = sync(cluster(3, 1));
    assertThat(blocked).isInstanceOf(AppResult.Blocked.class);
    assertThat(((AppResult.Blocked) blocked).reasons())
        .containsExactly("cluster_state is fail: node cache-shard-1-0 is unreachable");

    next =
        new ClusterSettlement(
            ClusterSettlement.State.DEGRADED, "slot 4711 would not move", List.of());
    AppResult degraded = sync(cluster(3, 1));
    assertThat(degraded).isInstanceOf(AppResult.Failed.class);
    assertThat(((AppResult.Failed) degraded).error()).contains("slot 4711");
  }
}
