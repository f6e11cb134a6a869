package io.mooring.daemon;

import static io.mooring.daemon.DaemonClient.await;
import static io.mooring.daemon.DaemonClient.pause;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop in one JVM: a config repository over HTTP, the daemon as {@code mooring serve}
 * wires it, and the apply-aware mock API. Polling is an hour, so only webhooks and cluster events
 * move anything.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonEndToEndTest {
  private static final String CACHE_FILE = "default/redis-replicated.yaml";
  private static final String CACHE_STATEFULSET = "cache-redis";
  private static final String CACHE_SERIES = "app=\"cache\",kind=\"redis\",namespace=\"default\"";

  @TempDir static Path dir;
  private static DaemonFixture fixture;
  private static ConfigRepository repo;
  private static ApplyingMockServer api;
  private static KubernetesClient kube;
  private static DaemonClient http;

  @BeforeAll
  static void start() throws Exception {
    fixture = DaemonFixture.create(dir, CACHE_FILE, "tenant-x/nats.yaml");
    repo = fixture.repo();
    api = fixture.api();
    kube = fixture.kube();
    http = new DaemonClient(fixture.start("data", config -> config).port());
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  @Order(1)
  void startupSyncsEveryAppAndItsOwnWritesCauseNoMore() throws Exception {
    await(
        Duration.ofSeconds(60),
        "/readyz answers 200",
        () -> http.get("readyz").statusCode() == 200);

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
    assertThat(apps).hasSize(2);
    assertThat(apps)
        .allSatisfy(
            app -> {
              assertThat(app.path("status").asText()).isEqualTo("synced");
              assertThat(app.path("revision").asText()).isEqualTo(repo.tip());
            });

    // The informer events of the startup writes re-diff the apps; they must find nothing to write.
    pause(Duration.ofSeconds(1));
    api.resetCounts();
    pause(Duration.ofMillis(1500));
    assertThat(api.writeLog()).as("writes caused by the daemon's own writes").isEmpty();
  }

  @Test
  @Order(2)
  void aSignedGithubPushAppliesTheCommit() throws Exception {
    double pushesBefore = http.metricOrZero("mooring_push_to_applied_seconds_count");
    String commit = repo.commit(CACHE_FILE, withReplicas(4), "cache: 4 replicas");

    HttpResponse<String> response =
        http.githubPush(
            repo.url(), "refs/heads/main", commit, false, TestDaemonConfig.GITHUB_SECRET);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).contains("triggered");
    await(Duration.ofSeconds(10), "StatefulSet scaled to 4", () -> cacheReplicas() == 4);
    await(
        Duration.ofSeconds(5),
        "status shows the new revision",
        () -> cacheRevision().equals(commit));
    assertThat(http.metricOrZero("mooring_push_to_applied_seconds_count"))
        .isGreaterThan(pushesBefore);
  }

  @Test
  @Order(3)
  void aGitlabPushWithItsTokenAppliesTheCommit() throws Exception {
    String commit = repo.commit(CACHE_FILE, withReplicas(5), "cache: 5 replicas");

    HttpResponse<String> response =
        http.gitlabPush(repo.url(), "refs/heads/main", commit, TestDaemonConfig.GITLAB_TOKEN);

    assertThat(response.statusCode()).isEqualTo(202);
    await(Duration.ofSeconds(10), "StatefulSet scaled to 5", () -> cacheReplicas() == 5);
    await(
        Duration.ofSeconds(5),
        "status shows the new revision",
        () -> cacheRevision().equals(commit));
  }

  @Test
  @Order(4)
  void rejectedAndIgnoredWebhooksChangeNothing() throws Exception {
    String applied = cacheRevision();
    String waiting = repo.commit(CACHE_FILE, withReplicas(6), "cache: 6 replicas");
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

    pause(Duration.ofMillis(1500));
    assertThat(api.writeLog()).as("writes after rejected webhooks").isEmpty();
    assertThat(cacheRevision()).isEqualTo(applied);
    assertThat(cacheReplicas()).isEqualTo(5);
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
    await(
        Duration.ofSeconds(10),
        "the waiting commit applied once announced",
        () -> cacheReplicas() == 6);
  }

  @Test
  @Order(5)
  void driftShowsWithinASecondAndSelfHealRestoresTheObject() {
    await(
        Duration.ofSeconds(10),
        "no drift before the edit",
        () -> http.metricOrZero("mooring_drifted_objects", CACHE_SERIES) == 0);
    api.resetCounts();

    kube.apps()
        .statefulSets()
        .inNamespace("default")
        .withName(CACHE_STATEFULSET)
        .edit(
            set -> {
              set.getSpec().setReplicas(1);
              return set;
            });
    long edited = System.nanoTime();

    await(
        Duration.ofSeconds(1),
        "mooring_drifted_objects = 1",
        () -> http.metricOrZero("mooring_drifted_objects", CACHE_SERIES) == 1);
    System.out.printf(
        "drift visible in /metrics %d ms after the edit%n",
        (System.nanoTime() - edited) / 1_000_000);
    await(
        Duration.ofSeconds(15),
        "drift healed",
        () -> http.metricOrZero("mooring_drifted_objects", CACHE_SERIES) == 0);
    assertThat(cacheReplicas()).isEqualTo(6);
    assertThat(api.writeLog())
        .as("the edit, then the heal")
        .anySatisfy(
            write -> assertThat(write.path()).contains("/statefulsets/" + CACHE_STATEFULSET))
        .filteredOn(write -> write.verb().equals("APPLY"))
        .isNotEmpty();
  }

  @Test
  @Order(6)
  void observeModeReportsDriftAndWritesNothing() throws Exception {
    try (DaemonFixture separate = DaemonFixture.create(dir.resolve("observed"), CACHE_FILE)) {
      ApplyingMockServer observedApi = separate.api();
      KubernetesClient observedKube = separate.kube();
      // The objects exist as an earlier apply left them; an observing daemon starts beside them.
      try (Daemon applier = separate.start("apply-data", config -> config)) {
        await(
            Duration.ofSeconds(60), "applied", () -> applier.apps().size() == 1 && applier.ready());
      }
      Daemon observer =
          separate.start("observe-data", config -> config.mode(DaemonConfig.Mode.OBSERVE));
      DaemonClient observed = new DaemonClient(observer.port());
      await(Duration.ofSeconds(60), "ready", () -> observed.get("readyz").statusCode() == 200);
      observedKube
          .apps()
          .statefulSets()
          .inNamespace("default")
          .withName(CACHE_STATEFULSET)
          .edit(
              set -> {
                set.getSpec().setReplicas(1);
                return set;
              });
      observedApi.resetCounts();

      await(
          Duration.ofSeconds(1),
          "drift reported",
          () -> observed.metricOrZero("mooring_drifted_objects", CACHE_SERIES) == 1);
      pause(Duration.ofSeconds(4));

      assertThat(observed.metricOrZero("mooring_drifted_objects", CACHE_SERIES)).isEqualTo(1);
      assertThat(
              observedKube
                  .apps()
                  .statefulSets()
                  .inNamespace("default")
                  .withName(CACHE_STATEFULSET)
                  .get()
                  .getSpec()
                  .getReplicas())
          .isEqualTo(1);
      assertThat(observedApi.writeLog()).as("writes in observe mode").isEmpty();
      JsonNode app = observed.json("api/v1/apps/redis/default/cache");
      assertThat(app.path("status").asText()).isEqualTo("drifted");
      assertThat(app.path("drifted").toString()).contains("spec.replicas");
    }
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

  private static int cacheReplicas() {
    StatefulSet set =
        kube.apps().statefulSets().inNamespace("default").withName(CACHE_STATEFULSET).get();
    return set == null ? -1 : set.getSpec().getReplicas();
  }

  private static String cacheRevision() {
    return http.json("api/v1/apps/redis/default/cache").path("revision").asText();
  }
}
