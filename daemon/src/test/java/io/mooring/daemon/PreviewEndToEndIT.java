package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.forge.ApiToken;
import io.mooring.forge.FakeGitHost;
import io.mooring.forge.ForgeKind;
import io.mooring.webhook.GithubSignature;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull and merge requests into the followed branch, previewed by the whole daemon: the head is
 * fetched from {@code refs/pull/N/head} ({@code refs/merge-requests/N/head}), every app it touches
 * is diffed against the cluster without one write, one comment per request is kept up to date, and
 * the head gets a {@code mooring/preview/<cluster>} status, a failure when a spec is invalid.
 */
class PreviewEndToEndIT {
  private static final String TOKEN = "preview-token";
  private static final Duration PATIENCE = Duration.ofMinutes(2);
  private static final String CONTEXT = "mooring/preview/prod-eu";

  private static final String CACHE =
      """
      apiVersion: apps.cozystack.io/v1alpha1
      kind: Redis
      metadata:
        name: cache
        namespace: team
      spec:
        replicas: 2
        authEnabled: false
        size: 2Gi
        resources:
          cpu: 500m
          memory: 512Mi
      """;

  @TempDir Path dir;
  private DaemonFixture fixture;
  private FakeGitHost host;
  private Daemon daemon;
  private DaemonClient http;

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
    if (host != null) {
      host.close();
    }
  }

  private void start(ForgeKind kind) throws Exception {
    host = new FakeGitHost(kind, TOKEN);
    fixture = DaemonFixture.withFiles(dir, Map.of("cache.yaml", CACHE));
    Path tokenFile = Files.writeString(dir.resolve("api-token"), TOKEN);
    GitApiConfig api =
        new GitApiConfig(
            kind, host.apiUrl(), "team/config", ApiToken.file(tokenFile), "prod-eu", null);
    daemon = fixture.start("data", config -> config.gitApi(api));
    http = new DaemonClient(daemon.port());
    await().atMost(PATIENCE).until(() -> http.get("readyz").statusCode() == 200);
    await().atMost(PATIENCE).until(daemon::settled);
    fixture.api().resetCounts();
  }

  private List<String> previewStates(String sha) {
    return host.statuses().stream()
        .filter(r -> r.path().endsWith("/statuses/" + sha))
        .filter(
            r ->
                CONTEXT.equals(
                    r.json().path(r.path().contains("/projects/") ? "name" : "context").asText()))
        .map(r -> r.json().path("state").asText())
        .toList();
  }

  private HttpResponse<String> githubPullRequest(int number, String action, String head) {
    byte[] body =
        ("{\"action\":\""
                + action
                + "\",\"number\":"
                + number
                + ",\"pull_request\":{\"number\":"
                + number
                + ",\"head\":{\"sha\":\""
                + head
                + "\"},\"base\":{\"ref\":\"main\",\"repo\":{\"clone_url\":\""
                + fixture.repo().url()
                + "\"}}},\"repository\":{\"clone_url\":\""
                + fixture.repo().url()
                + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
    return http.post(
        "hooks/github",
        Map.of(
            "X-GitHub-Event",
            "pull_request",
            "X-GitHub-Delivery",
            UUID.randomUUID().toString(),
            "Content-Type",
            "application/json",
            "X-Hub-Signature-256",
            GithubSignature.sign(
                TestDaemonConfig.GITHUB_SECRET.getBytes(StandardCharsets.UTF_8), body)),
        body);
  }

  @Test
  void aPullRequestIsPreviewedInOneCommentWithItsRisksAndNoWrite() throws Exception {
    start(ForgeKind.GITHUB);
    host.addForeignComment(7, "LGTM");
    String head =
        fixture
            .repo()
            .pullRequest(
                "refs/pull/7/head",
                Map.of(
                    "cache.yaml",
                    CACHE
                        .replace("replicas: 2", "replicas: 1")
                        .replace("size: 2Gi", "size: 1Gi")
                        .replace("memory: 512Mi", "memory: 1Gi"),
                    "sessions.yaml",
                    ConfigRepository.smallRedis("team", "sessions")),
                List.of(),
                "smaller cache, new sessions store");

    assertThat(githubPullRequest(7, "opened", head).statusCode()).isEqualTo(202);
    await().atMost(PATIENCE).until(() -> daemon.previewsFinished() == 1 && daemon.settled());

    assertThat(fixture.api().writes()).as("writes to the cluster").isZero();
    List<FakeGitHost.Comment> comments = host.comments();
    assertThat(comments).hasSize(2);
    assertThat(comments.get(0).body()).isEqualTo("LGTM");
    String preview = comments.get(1).body();
    assertThat(preview).startsWith("<!-- mooring-preview cluster=prod-eu -->");
    assertThat(preview).contains("redis/team/sessions — changes", "| create (9) |");
    assertThat(preview).contains("redis/team/cache — blocked", "refused: StatefulSet/cache-redis");
    assertThat(preview).contains("shrinking volume");
    assertThat(previewStates(head)).containsExactly("pending", "success");
    FakeGitHost.Request listing =
        host.requests().stream().filter(r -> r.method().equals("GET")).findFirst().orElseThrow();
    assertThat(listing.path())
        .isEqualTo("/api/v3/repos/team/config/issues/7/comments?per_page=100&page=1");
    assertThat(listing.header("Authorization")).isEqualTo("Bearer " + TOKEN);

    // A new push to the request updates the same comment.
    String next =
        fixture
            .repo()
            .pullRequest(
                "refs/pull/7/head",
                Map.of("cache.yaml", CACHE.replace("memory: 512Mi", "memory: 1Gi")),
                List.of(),
                "more memory for the cache");
    githubPullRequest(7, "synchronize", next);
    await().atMost(PATIENCE).until(() -> daemon.previewsFinished() == 2 && daemon.settled());
    assertThat(host.comments()).hasSize(2);
    assertThat(host.comments().get(1).body())
        .contains(next.substring(0, 12), "pods restart: StatefulSet/cache-redis")
        .doesNotContain("shrinking volume");
    assertThat(host.requests())
        .anyMatch(
            r ->
                r.method().equals("PATCH")
                    && r.path().endsWith("/issues/comments/" + comments.get(1).id()));
    assertThat(fixture.api().writes()).isZero();
  }

  @Test
  void anInvalidSpecFailsThePreviewStatus() throws Exception {
    start(ForgeKind.GITHUB);
    String head =
        fixture
            .repo()
            .pullRequest(
                "refs/pull/8/head",
                Map.of("cache.yaml", CACHE.replace("replicas: 2", "replicas: -1")),
                List.of(),
                "broken");
    githubPullRequest(8, "opened", head);
    await().atMost(PATIENCE).until(() -> daemon.previewsFinished() == 1 && daemon.settled());
    assertThat(previewStates(head)).containsExactly("pending", "failure");
    FakeGitHost.Request failure = host.statuses().get(host.statuses().size() - 1);
    assertThat(failure.json().path("description").asText()).contains("redis/team/cache");
    assertThat(host.comments().get(0).body()).contains("invalid", "spec.replicas");
  }

  @Test
  void aClosedRequestOrAnotherBaseIsNotPreviewed() throws Exception {
    start(ForgeKind.GITHUB);
    String head =
        fixture
            .repo()
            .pullRequest(
                "refs/pull/9/head",
                Map.of("x.yaml", ConfigRepository.smallRedis("team", "x")),
                List.of(),
                "x");
    assertThat(githubPullRequest(9, "closed", head).body()).contains("ignored");
    assertThat(daemon.previewsFinished()).isZero();
    assertThat(host.comments()).isEmpty();
    assertThat(previewStates(head)).isEmpty();
  }

  @Test
  void aGitlabMergeRequestGetsOneNoteAndARunningThenSuccessStatus() throws Exception {
    start(ForgeKind.GITLAB);
    String head =
        fixture
            .repo()
            .pullRequest(
                "refs/merge-requests/3/head",
                Map.of("sessions.yaml", ConfigRepository.smallRedis("team", "sessions")),
                List.of(),
                "sessions store");
    byte[] body =
        ("{\"object_kind\":\"merge_request\",\"project\":{\"git_http_url\":\""
                + fixture.repo().url()
                + "\"},\"object_attributes\":{\"iid\":3,\"action\":\"open\",\"target_branch\":\"main\","
                + "\"last_commit\":{\"id\":\""
                + head
                + "\"}}}")
            .getBytes(StandardCharsets.UTF_8);
    http.post(
        "hooks/gitlab",
        Map.of(
            "X-Gitlab-Event",
            "Merge Request Hook",
            "X-Gitlab-Token",
            TestDaemonConfig.GITLAB_TOKEN,
            "X-Gitlab-Event-UUID",
            UUID.randomUUID().toString(),
            "Content-Type",
            "application/json"),
        body);
    await().atMost(PATIENCE).until(() -> daemon.previewsFinished() == 1 && daemon.settled());
    assertThat(host.comments()).hasSize(1);
    assertThat(host.comments().get(0).body()).contains("redis/team/sessions — changes");
    assertThat(host.requests())
        .anyMatch(
            r ->
                r.method().equals("POST")
                    && r.path().equals("/api/v4/projects/team%2Fconfig/merge_requests/3/notes")
                    && TOKEN.equals(r.header("PRIVATE-TOKEN")));
    assertThat(previewStates(head)).containsExactly("running", "success");
    assertThat(fixture.api().writes()).isZero();
  }
}
