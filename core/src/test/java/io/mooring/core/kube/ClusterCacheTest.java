package io.mooring.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.testing.SampleApps;
import io.mooring.sandbox.ApplyingMockServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterCacheTest {
  private static final AppRef CACHE = new AppRef(AppKind.REDIS, "team-a", "cache");
  private static final AppRef EVENTS = new AppRef(AppKind.NATS, "team-b", "events");
  private final ApplyingMockServer server = new ApplyingMockServer();
  private final KubernetesClient client = server.createClient();
  private ClusterCache cache;

  @AfterEach
  void close() {
    if (cache != null) {
      cache.close();
    }
    client.close();
    server.close();
  }

  @Test
  void servesEachAppsObjectsFromTheIndexWithoutCallingTheServer() {
    create(SampleApps.redis(CACHE, 3, "1Gi").objects());
    create(SampleApps.nats(EVENTS, 3, "1Gi").objects());
    client.resource(unmanaged("team-a", "someone-elses")).create();
    cache = ClusterCache.start(client, List.of(), Duration.ofSeconds(10));
    awaitSize(CACHE, SampleApps.redis(CACHE, 1, "1Gi").objects().size());
    awaitSize(EVENTS, 6);
    int before = server.requests("GET");

    List<HasMetadata> objects = cache.liveObjects(CACHE);

    assertThat(server.requests("GET")).as("reads are served from the cache").isEqualTo(before);
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .startsWith("Secret", "ConfigMap")
        .endsWith("PodDisruptionBudget");
    assertThat(cache.managedApps()).containsExactly(CACHE, EVENTS);
    assertThat(cache.get(new ObjectKey("ConfigMap", "team-a", "someone-elses"))).isNull();
  }

  @Test
  void watchesOnlyTheServedNamespaces() {
    create(SampleApps.redis(CACHE, 1, "1Gi").objects());
    create(SampleApps.nats(EVENTS, 1, "1Gi").objects());
    cache = ClusterCache.start(client, List.of("team-b"), Duration.ofSeconds(10));
    awaitSize(EVENTS, 6);

    assertThat(cache.managedApps()).containsExactly(EVENTS);
    assertThat(cache.liveObjects(CACHE)).isEmpty();
  }

  @Test
  void tellsListenersWhichAppChanged() throws InterruptedException {
    create(SampleApps.redis(CACHE, 1, "1Gi").objects());
    cache = ClusterCache.start(client, List.of(), Duration.ofSeconds(10));
    awaitSize(CACHE, SampleApps.redis(CACHE, 1, "1Gi").objects().size());
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    cache.addListener((app, object) -> events.add(app + " " + object));

    editRedisConf("appendonly no\n");
    client.resource(unmanaged("team-a", "not-ours")).create();
    // One watch carries every ConfigMap event in order: one for "not-ours" would come before this.
    editRedisConf("appendonly yes\n");

    String managed = "redis/team-a/cache ConfigMap team-a/cache-redis-config";
    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo(managed);
    assertThat(events.poll(10, TimeUnit.SECONDS))
        .as("unlabelled objects are not watched")
        .isEqualTo(managed);
  }

  @Test
  void waitsUntilItHasSeenAWrite() {
    cache = ClusterCache.start(client, List.of(), Duration.ofSeconds(10));
    HasMetadata created =
        client.resource(SampleApps.redis(CACHE, 1, "1Gi").objects().get(1)).create();

    boolean seen =
        cache.awaitObserved(
            Map.of(ObjectKey.of(created), created.getMetadata().getResourceVersion()),
            Duration.ofSeconds(5));

    assertThat(seen).isTrue();
    assertThat(cache.get(ObjectKey.of(created))).isNotNull();
  }

  @Test
  void aWaitForADeletionEndsWhenTheInformerDeliversIt() {
    HasMetadata config = SampleApps.redis(CACHE, 1, "1Gi").objects().get(1);
    client.resource(config).create();
    cache = ClusterCache.start(client, List.of(), Duration.ofSeconds(10));
    ObjectKey key = ObjectKey.of(config);
    assertThat(cache.get(key)).isNotNull();
    Map<ObjectKey, String> deleted = new HashMap<>();
    deleted.put(key, null);

    CompletableFuture<Thread> waiter = new CompletableFuture<>();
    CompletableFuture<Boolean> seen =
        CompletableFuture.supplyAsync(
            () -> {
              waiter.complete(Thread.currentThread());
              return cache.awaitObserved(deleted, Duration.ofMinutes(5));
            });
    Thread waiting = waiter.join();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> waiting.getState() == Thread.State.TIMED_WAITING);
    assertThat(seen).as("nothing was deleted yet").isNotDone();

    client.resource(config).delete();

    assertThat(seen)
        .as("woken by the informer's delete event, long before the timeout")
        .succeedsWithin(Duration.ofSeconds(10))
        .isEqualTo(true);
    assertThat(cache.get(key)).isNull();
  }

  @Test
  void aWriteTheInformerNeverDeliversTimesOut() {
    cache = ClusterCache.start(client, List.of(), Duration.ofSeconds(10));
    ObjectKey missing = new ObjectKey("ConfigMap", "team-a", "never-written");

    assertThat(cache.awaitObserved(Map.of(missing, "7"), Duration.ofMillis(200))).isFalse();
  }

  private void editRedisConf(String content) {
    ConfigMap config =
        client.configMaps().inNamespace("team-a").withName("cache-redis-config").get();
    config.getData().put("redis.conf", content);
    client.resource(config).update();
  }

  private void create(List<HasMetadata> objects) {
    objects.forEach(o -> client.resource(o).create());
  }

  private void awaitSize(AppRef app, int size) {
    await().until(() -> cache.liveObjects(app).size() >= size);
    assertThat(cache.liveObjects(app)).hasSize(size);
  }

  private static ConfigMap unmanaged(String namespace, String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .addToLabels(MooringLabels.APP, CACHE.labelValue())
        .endMetadata()
        .addToData("k", "v")
        .build();
  }
}
