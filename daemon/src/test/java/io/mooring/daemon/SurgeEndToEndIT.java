package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One commit adds hundreds of apps at once (a generated repository): the daemon shows how far it
 * got while it applies them, a newer commit pushed meanwhile stops the sync between two apps and
 * lands first, and a shutdown returns once the app under way is done, leaving the rest.
 */
class SurgeEndToEndIT {
  private static final String CACHE_FILE = "default/redis-replicated.yaml";
  private static final String SURGE_NAMESPACE = "surge";
  private static final int SURGE_APPS = 200;

  /** A guard against hanging, not a measured bound (the benchmark measures how fast this is). */
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  @TempDir Path dir;
  private DaemonFixture fixture;
  private ConfigRepository repo;
  private KubernetesClient kube;
  private Daemon daemon;
  private DaemonClient http;

  @BeforeEach
  void startSynced() throws Exception {
    fixture = DaemonFixture.create(dir, CACHE_FILE);
    repo = fixture.repo();
    kube = fixture.kube();
    daemon = fixture.start("data", config -> config);
    http = new DaemonClient(daemon.port());
    await("/readyz answers 200")
        .atMost(PATIENCE)
        .until(() -> http.get("readyz").statusCode() == 200);
  }

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void aNewerCommitPushedDuringALargeSyncSupersedesItBetweenAppsAndLandsFirst() throws Exception {
    String surge = pushSurge();
    JsonNode running = awaitProgress(surge);
    assertThat(running.path("total").asInt()).isEqualTo(SURGE_APPS);
    assertThat(http.metricOrZero("mooring_sync_apps_planned")).isEqualTo(SURGE_APPS);
    assertThat(http.metricOrZero("mooring_sync_apps_done")).isPositive();
    assertThat(http.get("").body()).contains("Syncing <code>" + surge.substring(0, 12));

    String cacheChange =
        repo.commit(
            CACHE_FILE,
            ConfigRepository.example(CACHE_FILE).replace("replicas: 3", "replicas: 4"),
            "cache: 4 replicas");
    push(cacheChange);

    await("the newer commit's change is applied")
        .atMost(PATIENCE)
        .until(() -> cacheReplicas() == 4);
    assertThat(surgeApps(StatefulSet.class))
        .as("apps of the large commit applied when the newer commit landed")
        .hasSizeLessThan(SURGE_APPS);

    // The run that superseded it reads everything at the newest commit: no app of the large
    // commit is lost.
    await("the newest commit is fully synced")
        .atMost(PATIENCE)
        .until(
            () ->
                cacheChange.equals(
                    http.json("api/v1/apps").path("daemon").path("revision").asText()));
    assertThat(surgeApps(StatefulSet.class)).hasSize(SURGE_APPS);
    assertThat(http.json("api/v1/apps").path("daemon").path("sync").isNull()).isTrue();
    assertThat(http.metricOrZero("mooring_sync_apps_planned")).isZero();
  }

  @Test
  void closeReturnsOnceTheAppUnderWayIsDoneAndLeavesTheRest() throws Exception {
    pushSurge();
    awaitProgress(repo.tip());

    daemon.close();

    Set<String> configured = surgeApps(ConfigMap.class);
    assertThat(configured).as("apps begun when close() returned").hasSizeLessThan(SURGE_APPS);
    // ConfigMaps come first and PodDisruptionBudgets last in apply order: every app begun was
    // finished, none left half applied.
    assertThat(surgeApps(PodDisruptionBudget.class)).isEqualTo(configured);
  }

  private String pushSurge() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < SURGE_APPS; i++) {
      String name = String.format("load-%03d", i);
      files.put(SURGE_NAMESPACE + "/" + name + ".yaml", spec(name));
    }
    String commit = repo.commit(files, List.of(), "Add " + SURGE_APPS + " load-test caches");
    push(commit);
    return commit;
  }

  private void push(String commit) {
    assertThat(
            http.githubPush(
                    repo.url(), "refs/heads/main", commit, false, TestDaemonConfig.GITHUB_SECRET)
                .statusCode())
        .isEqualTo(202);
  }

  /** The sync of {@code revision} as the API shows it, once it has applied an app or more. */
  private JsonNode awaitProgress(String revision) {
    await("the API shows the large sync under way")
        .atMost(PATIENCE)
        .until(
            () -> {
              JsonNode sync = http.json("api/v1/apps").path("daemon").path("sync");
              return revision.equals(sync.path("revision").asText())
                  && sync.path("done").asInt() >= 2;
            });
    return http.json("api/v1/apps").path("daemon").path("sync");
  }

  private static String spec(String name) {
    return ConfigRepository.smallRedis(SURGE_NAMESPACE, name);
  }

  /** The apps of the surge namespace that have an object of {@code kind}, by app label. */
  private Set<String> surgeApps(Class<? extends HasMetadata> kind) {
    return kube.resources(kind).inNamespace(SURGE_NAMESPACE).list().getItems().stream()
        .map(object -> object.getMetadata().getLabels().get("mooring.io/app"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private int cacheReplicas() {
    StatefulSet set =
        kube.apps().statefulSets().inNamespace("default").withName("cache-redis").get();
    return set == null ? -1 : set.getSpec().getReplicas();
  }
}
