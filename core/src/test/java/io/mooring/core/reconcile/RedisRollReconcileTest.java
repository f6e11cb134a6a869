package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.AppImages;
import io.mooring.core.render.common.ContainerImage;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppLifecycle;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.RedisDataSource;
import io.mooring.core.spec.RedisEngine;
import io.mooring.core.spec.RedisPersistence;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.spec.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis set with Sentinels is rolled by Mooring, not by its controller: its StatefulSet is
 * written with {@code OnDelete}, and the roll hook is called while its controller reports pods of
 * an older revision; a failed roll fails the app with the hook's reason.
 */
class RedisRollReconcileTest {
  private static final AppRef CACHE = new AppRef(AppKind.REDIS, "tenant-x", "cache");

  private final EngineHarness engine = new EngineHarness();
  private final List<String> rolled = new ArrayList<>();
  private RuntimeException failure;
  private final PodRollHook recording =
      (spec, set) -> {
        rolled.add(spec.ref() + " " + set.getMetadata().getName());
        if (failure != null) {
          throw failure;
        }
      };

  @AfterEach
  void close() {
    engine.close();
  }

  private AppResult sync(RedisSpec spec) {
    return sync(spec, AppImages.defaults());
  }

  private AppResult sync(RedisSpec spec, AppImages images) {
    Renderer renderer = new Renderer(RenderOptions.defaults().withImages(images));
    Reconciler reconciler =
        new Reconciler(
            renderer::render,
            engine.cache,
            engine.applier,
            engine.metrics,
            ReconcileOptions.defaults(),
            ServerHooks.NONE.withRoll(recording));
    return reconciler
        .reconcileAll("0a1b2c", List.of(spec), Map.of(), Trigger.POLL)
        .results()
        .get(0);
  }

  private StatefulSet liveSet() {
    return engine.live(StatefulSet.class, CACHE, "cache-redis");
  }

  /** As the StatefulSet controller reports a template change that no pod runs yet. */
  private void controllerReportsOlderPods() {
    controllerReports(0);
  }

  /**
   * As the controller of an OnDelete set reports it: {@code currentRevision} stays behind even once
   * every pod runs the update revision.
   */
  private void controllerReports(int updated) {
    StatefulSet set = liveSet();
    set.setStatus(
        new StatefulSetStatusBuilder()
            .withReplicas(3)
            .withCurrentRevision("cache-redis-1")
            .withUpdateRevision("cache-redis-2")
            .withUpdatedReplicas(updated)
            .build());
    engine.edit(set);
  }

  @Test
  void withSentinelsThePodsAreRolledByMooringWhileTheControllerReportsOlderPods() {
    assertThat(sync(redis(3))).isInstanceOf(AppResult.Synced.class);
    assertThat(liveSet().getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
    assertThat(rolled).as("nothing to roll on creation").isEmpty();

    controllerReportsOlderPods();
    assertThat(sync(redis(3))).isInstanceOf(AppResult.Synced.class);
    assertThat(rolled).containsExactly("redis/tenant-x/cache cache-redis");

    controllerReports(3);
    assertThat(sync(redis(3))).isInstanceOf(AppResult.Synced.class);
    assertThat(rolled).as("every pod at the update revision: nothing to roll").hasSize(1);
  }

  @Test
  void aStoppedRollFailsTheAppWithThePodAndTheReason() {
    sync(redis(3));
    controllerReportsOlderPods();
    failure =
        new IllegalStateException("pod cache-redis-1: restarted pod is not healthy within 120 s");

    AppResult result = sync(redis(3));

    assertThat(result).isInstanceOf(AppResult.Failed.class);
    assertThat(((AppResult.Failed) result).error())
        .contains("cache-redis", "cache-redis-1", "not healthy within 120 s");
  }

  /** As a new Mooring release brings: new Redis and Sentinel images, so both templates change. */
  private static AppImages upgradedImages() {
    AppImages images = AppImages.defaults();
    return new AppImages(
        new ContainerImage("redis", "7.2.6-alpine"),
        images.valkey(),
        new ContainerImage("redis", "7.2.6-alpine"),
        images.exporter(),
        images.proxy(),
        images.nats(),
        images.natsExporter(),
        images.pullSecrets());
  }

  private String sentinelImage() {
    return engine
        .live(Deployment.class, CACHE, "cache-sentinel")
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  @Test
  void theSentinelsKeepTheirTemplateWhileTheDataPodsRollAndFollowOnceTheRollIsDone() {
    sync(redis(3));
    String before = sentinelImage();
    List<String> sentinelImagesDuringRoll = new ArrayList<>();
    PodRollHook rollThatFinishes =
        (spec, set) -> {
          sentinelImagesDuringRoll.add(sentinelImage());
          controllerReports(3);
        };
    controllerReportsOlderPods();

    AppResult upgraded = syncWith(rollThatFinishes, upgradedImages());

    assertThat(upgraded).isInstanceOf(AppResult.Synced.class);
    assertThat(sentinelImagesDuringRoll).containsExactly(before);
    assertThat(sentinelImage()).isEqualTo("redis:7.2.6-alpine");
    assertThat(upgraded.changes())
        .extracting(change -> change.key().name())
        .contains("cache-redis", "cache-sentinel");
  }

  @Test
  void aStoppedRollKeepsTheSentinelsOnTheirTemplate() {
    sync(redis(3));
    String before = sentinelImage();
    controllerReportsOlderPods();
    failure = new IllegalStateException("pod cache-redis-2: does not answer");

    AppResult result = sync(redis(3), upgradedImages());

    assertThat(result).isInstanceOf(AppResult.Failed.class);
    assertThat(sentinelImage()).isEqualTo(before);
    assertThat(liveSet().getSpec().getTemplate().getSpec().getContainers())
        .extracting(container -> container.getImage())
        .contains("redis:7.2.6-alpine");
  }

  @Test
  void aDowngradeAcrossAMajorVersionIsBlockedBeforeTheTemplateIsWritten() {
    sync(redis(3));
    List<String> imagesBefore = redisImages();

    AppResult result = sync(withVersion(redis(3), "6.2"));

    assertThat(result).isInstanceOf(AppResult.Blocked.class);
    assertThat(((AppResult.Blocked) result).reasons())
        .anySatisfy(reason -> assertThat(reason).contains("cache-redis", "6.2", "downgrade"));
    assertThat(redisImages()).isEqualTo(imagesBefore);
    assertThat(rolled).isEmpty();
    assertThat(sync(withVersion(redis(3), "7.0"))).isInstanceOf(AppResult.Synced.class);
  }

  private List<String> redisImages() {
    return liveSet().getSpec().getTemplate().getSpec().getContainers().stream()
        .map(container -> container.getImage())
        .toList();
  }

  private static RedisSpec withVersion(RedisSpec spec, String version) {
    return new RedisSpec(
        spec.ref(),
        spec.source(),
        spec.annotations(),
        spec.replicas(),
        spec.resources(),
        spec.size(),
        spec.storageClass(),
        spec.external(),
        spec.authEnabled(),
        spec.lifecycle(),
        new RedisEngine(RedisEngine.Family.REDIS, java.util.Optional.of(version)),
        spec.persistence(),
        spec.dataSource());
  }

  private AppResult syncWith(PodRollHook hook, AppImages images) {
    Renderer renderer = new Renderer(RenderOptions.defaults().withImages(images));
    Reconciler reconciler =
        new Reconciler(
            renderer::render,
            engine.cache,
            engine.applier,
            engine.metrics,
            ReconcileOptions.defaults(),
            ServerHooks.NONE.withRoll(hook));
    return reconciler
        .reconcileAll("0a1b2c", List.of(redis(3)), Map.of(), Trigger.POLL)
        .results()
        .get(0);
  }

  @Test
  void aSinglePodKeepsTheControllersRollingUpdateAndIsNeverHandedToTheHook() {
    sync(redis(1));
    assertThat(liveSet().getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
    controllerReportsOlderPods();
    sync(redis(1));
    assertThat(rolled).isEmpty();
  }

  private static RedisSpec redis(int replicas) {
    return new RedisSpec(
        CACHE,
        SourceLocation.ofFile("apps/cache.yaml"),
        Map.of(),
        replicas,
        ResourcePreset.NANO.resources(),
        new Quantity("1Gi"),
        null,
        false,
        true,
        AppLifecycle.NONE,
        RedisEngine.DEFAULT,
        RedisPersistence.DEFAULT,
        RedisDataSource.EMPTY);
  }
}
