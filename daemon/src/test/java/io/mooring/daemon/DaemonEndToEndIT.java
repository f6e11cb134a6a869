package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.sandbox.ApplyingMockServer;
import io.mooring.webhook.GithubSignature;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop in one JVM: a config repository over HTTP, the daemon as {@code mooring serve}
 * wires it, and the apply-aware mock API. Polling is an hour, so only webhooks and cluster events
 * move anything. Every test starts from its own repository, API and daemon.
 */
class DaemonEndToEndIT {
  private static final String CACHE_FILE = "default/redis-replicated.yaml";
  private static final String CACHE_STATEFULSET = "cache-redis";
  private static final String CACHE_SERIES =
      "app=\"cache\",app_namespace=\"default\",kind=\"redis\"";
  private static final int APPS = 2;

  /**
   * How long a wait may take before the test fails: a guard against hanging, not a measured bound
   * (the benchmark measures how fast these events are).
   */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path dir;
  private DaemonFixture fixture;
  private ConfigRepository repo;
  private ApplyingMockServer api;
  private KubernetesClient kube;

  @BeforeEach
  void createRepositoryAndApi() throws Exception {
    fixture = DaemonFixture.create(dir, CACHE_FILE, "tenant-x/nats.yaml");
    repo = fixture.repo();
    api = fixture.api();
    kube = fixture.kube();
  }

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void startupSyncsEveryAppAndItsOwnWritesCauseNoMore() throws Exception {
    Daemon daemon = fixture.start("data", config -> config);
    DaemonClient http = new DaemonClient(daemon.port());
    await("/readyz answers 200")
        .atMost(PATIENCE)
        .until(() -> http.get("readyz").statusCode() == 200);
    List<ApplyingMockServer.Write> startupWrites = api.writeLog();

    assertThat(cacheReplicas()).isEqualTo(3);
    assertThat(
            kube.apps()
                .statefulSets()
                .inNamespace("tenant-x")
                .withLabel("mooring.io/app", "nats.nats")
                .list()
                .getItems())
        .isNotEmpty();
    JsonNode apps = http.json("api/v1/apps").path("apps");
    assertThat(apps).hasSize(APPS);
    assertThat(apps)
        .allSatisfy(
            app -> {
              assertThat(app.path("status").asText()).isEqualTo("synced");
              assertThat(app.path("revision").asText()).isEqualTo(repo.tip());
            });

    // The informer events of the startup writes re-diff the apps; they must find nothing to write.
    await("the drift watcher handled the startup writes' events")
        .atMost(PATIENCE)
        .until(daemon::settled);
    assertThat(api.writeLog())
        .as("writes caused by the daemon's own writes")
        .containsExactlyElementsOf(startupWrites);
  }

  @Test
  void aSignedGithubPushAppliesTheCommit() throws Exception {
    DaemonClient http = startSynced();
    String commit = repo.commit(CACHE_FILE, withReplicas(4), "cache: 4 replicas");

    HttpResponse<String> response =
        http.githubPush(
            repo.url(), "refs/heads/main", commit, false, TestDaemonConfig.GITHUB_SECRET);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).contains("triggered");
    await("StatefulSet scaled to 4").atMost(PATIENCE).until(() -> cacheReplicas() == 4);
    await("status shows the new revision")
        .atMost(PATIENCE)
        .until(() -> cacheRevision(http).equals(commit));
    assertThat(http.metricOrZero("mooring_push_to_applied_seconds_count")).isEqualTo(1);
  }

  @Test
  void aGitlabPushWithItsTokenAppliesTheCommit() throws Exception {
    DaemonClient http = startSynced();
    String commit = repo.commit(CACHE_FILE, withReplicas(5), "cache: 5 replicas");

    HttpResponse<String> response =
        http.gitlabPush(repo.url(), "refs/heads/main", commit, TestDaemonConfig.GITLAB_TOKEN);

    assertThat(response.statusCode()).isEqualTo(202);
    await("StatefulSet scaled to 5").atMost(PATIENCE).until(() -> cacheReplicas() == 5);
    await("status shows the new revision")
        .atMost(PATIENCE)
        .until(() -> cacheRevision(http).equals(commit));
  }

  @Test
  void rejectedAndIgnoredWebhooksChangeNothing() throws Exception {
    Daemon daemon = fixture.start("data", config -> config);
    DaemonClient http = new DaemonClient(daemon.port());
    awaitSyncedAndSettled(daemon);
    String applied = cacheRevision(http);
    String waiting = repo.commit(CACHE_FILE, withReplicas(6), "cache: 6 replicas");
    long syncs = daemon.completedSyncs();
    api.resetCounts();
    String url = repo.url();
    byte[] push = DaemonClient.githubPushBody(url, "refs/heads/main", waiting, false);
    byte[] malformed = "{\"ref\": \"refs/heads/main\", ".getBytes(StandardCharsets.UTF_8);
    byte[] oversized = new byte[5 * 1024 * 1024 + 1];
    Arrays.fill(oversized, (byte) ' ');

    assertThat(http.post("hooks/github", DaemonClient.githubHeaders(null), push).statusCode())
        .as("unsigned")
        .isEqualTo(401);
    assertThat(
            http.post(
                    "hooks/github",
                    DaemonClient.githubHeaders(GithubSignature.sign("wrong-secret", push)),
                    push)
                .statusCode())
        .as("bad signature")
        .isEqualTo(401);
    assertThat(
            http.post("hooks/github", DaemonClient.githubHeaders(sign(oversized)), oversized)
                .statusCode())
        .as("over 5 MiB")
        .isEqualTo(413);
    assertThat(
            http.post("hooks/github", DaemonClient.githubHeaders(sign(malformed)), malformed)
                .statusCode())
        .as("malformed JSON")
        .isEqualTo(400);
    assertIgnored(
        http.githubPush(url, "refs/heads/feature", waiting, false, TestDaemonConfig.GITHUB_SECRET),
        "wrong branch");
    assertIgnored(
        http.githubPush(url, "refs/tags/v1.0.0", waiting, false, TestDaemonConfig.GITHUB_SECRET),
        "tag push");
    assertIgnored(
        http.githubPush(
            url, "refs/heads/main", "0".repeat(40), true, TestDaemonConfig.GITHUB_SECRET),
        "branch deleted");
    assertIgnored(
        http.githubPush(
            "https://github.com/someone/else.git",
            "refs/heads/main",
            waiting,
            false,
            TestDaemonConfig.GITHUB_SECRET),
        "another repository");
    assertThat(http.gitlabPush(url, "refs/heads/main", waiting, "wrong-token").statusCode())
        .as("bad GitLab token")
        .isEqualTo(401);
    assertThat(http.get("hooks/github").statusCode()).as("GET").isEqualTo(405);

    // A webhook that triggers a sync does so before it is answered: had any of them, a sync would
    // be queued, running or counted by now.
    assertThat(daemon.settled()).as("no sync queued or running").isTrue();
    assertThat(daemon.completedSyncs()).as("syncs after rejected webhooks").isEqualTo(syncs);
    assertThat(api.writeLog()).as("writes after rejected webhooks").isEmpty();
    assertThat(cacheRevision(http)).isEqualTo(applied);
    assertThat(cacheReplicas()).isEqualTo(3);
    assertThat(
            http.metricOrZero(
                "mooring_webhook_requests_total",
                "outcome=\"unauthorized\"",
                "provider=\"github\""))
        .isEqualTo(2);

    assertThat(
            http.githubPush(url, "refs/heads/main", waiting, false, TestDaemonConfig.GITHUB_SECRET)
                .statusCode())
        .isEqualTo(202);
    await("the waiting commit applied once announced")
        .atMost(PATIENCE)
        .until(() -> cacheReplicas() == 6);
  }

  @Test
  void driftShowsInMetricsAndSelfHealRestoresTheObject() {
    DaemonClient http = startSynced();
    assertThat(http.metricOrZero("mooring_drifted_objects", CACHE_SERIES)).isZero();
    api.resetCounts();

    editCacheReplicas(kube, 1);

    // Self-heal waits 2 s before it writes, so the drift is visible in /metrics meanwhile.
    await("mooring_drifted_objects = 1")
        .atMost(PATIENCE)
        .until(() -> http.metricOrZero("mooring_drifted_objects", CACHE_SERIES) == 1);
    await("drift healed")
        .atMost(PATIENCE)
        .until(() -> http.metricOrZero("mooring_drifted_objects", CACHE_SERIES) == 0);
    assertThat(cacheReplicas()).isEqualTo(3);
    assertThat(api.writeLog())
        .as("the edit, then the heal")
        .anySatisfy(
            write -> assertThat(write.path()).contains("/statefulsets/" + CACHE_STATEFULSET))
        .filteredOn(write -> write.verb().equals("APPLY"))
        .isNotEmpty();
  }

  @Test
  void observeModeReportsDriftAndWritesNothing() throws Exception {
    // The objects exist as an earlier apply left them; an observing daemon starts beside them.
    try (Daemon applier = fixture.start("apply-data", config -> config)) {
      awaitSyncedAndSettled(applier);
    }
    Daemon observer =
        fixture.start("observe-data", config -> config.mode(DaemonConfig.Mode.OBSERVE));
    DaemonClient observed = new DaemonClient(observer.port());
    await("ready").atMost(PATIENCE).until(() -> observed.get("readyz").statusCode() == 200);
    editCacheReplicas(kube, 1);
    api.resetCounts();

    await("drift reported")
        .atMost(PATIENCE)
        .until(() -> observed.metricOrZero("mooring_drifted_objects", CACHE_SERIES) == 1);
    // In apply mode a heal would now be scheduled; settled means none is.
    await("the drift watcher done with the edit").atMost(PATIENCE).until(observer::settled);

    assertThat(observed.metricOrZero("mooring_drifted_objects", CACHE_SERIES)).isEqualTo(1);
    assertThat(cacheReplicas()).isEqualTo(1);
    assertThat(api.writeLog()).as("writes in observe mode").isEmpty();
    JsonNode app = observed.json("api/v1/apps/redis/default/cache");
    assertThat(app.path("status").asText()).isEqualTo("drifted");
    assertThat(app.path("drifted").toString()).contains("spec.replicas");
  }

  /** Starts an applying daemon and waits until its first sync and that sync's echoes are over. */
  private DaemonClient startSynced() {
    Daemon daemon = fixture.start("data", config -> config);
    awaitSyncedAndSettled(daemon);
    return new DaemonClient(daemon.port());
  }

  private static void awaitSyncedAndSettled(Daemon daemon) {
    await("every app synced and the drift watcher idle")
        .atMost(PATIENCE)
        .until(() -> daemon.ready() && daemon.apps().size() == APPS && daemon.settled());
  }

  private static void editCacheReplicas(KubernetesClient kube, int replicas) {
    kube.apps()
        .statefulSets()
        .inNamespace("default")
        .withName(CACHE_STATEFULSET)
        .edit(
            set -> {
              set.getSpec().setReplicas(replicas);
              return set;
            });
  }

  private static void assertIgnored(HttpResponse<String> response, String what) {
    assertThat(response.statusCode()).as(what).isEqualTo(202);
    assertThat(response.body()).as(what).contains("\"outcome\":\"ignored\"");
  }

  private static String sign(byte[] body) {
    return GithubSignature.sign(TestDaemonConfig.GITHUB_SECRET, body);
  }

  private static String withReplicas(int replicas) {
    String spec = ConfigRepository.example(CACHE_FILE);
    assertThat(spec).contains("replicas: 3");
    return spec.replace("replicas: 3", "replicas: " + replicas);
  }

  private int cacheReplicas() {
    StatefulSet set =
        kube.apps().statefulSets().inNamespace("default").withName(CACHE_STATEFULSET).get();
    return set == null ? -1 : set.getSpec().getReplicas();
  }

  private static String cacheRevision(DaemonClient http) {
    return http.json("api/v1/apps/redis/default/cache").path("revision").asText();
  }
}
