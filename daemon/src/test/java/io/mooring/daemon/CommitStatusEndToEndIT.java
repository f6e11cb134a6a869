package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.forge.ApiToken;
import io.mooring.forge.FakeGitHost;
import io.mooring.forge.ForgeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole daemon with {@code --commit-status}: each commit the branch moves to gets pending, then
 * success or failure naming the invalid app, on the commit itself; a git host that refuses every
 * request does not hold syncing back, and its refusals are counted.
 */
class CommitStatusEndToEndIT {
  private static final String TOKEN = "status-token";
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  @TempDir Path dir;
  private DaemonFixture fixture;
  private FakeGitHost host;

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
    if (host != null) {
      host.close();
    }
  }

  private Daemon start(ForgeKind kind, String token) throws Exception {
    host = new FakeGitHost(kind, TOKEN);
    fixture =
        DaemonFixture.withFiles(
            dir, Map.of("cache.yaml", ConfigRepository.smallRedis("team", "cache")));
    Path tokenFile = Files.writeString(dir.resolve("api-token"), token);
    GitApiConfig api =
        new GitApiConfig(
            kind,
            host.apiUrl(),
            "team/config",
            ApiToken.file(tokenFile),
            "prod-eu",
            "https://mooring.example");
    return fixture.start("data", config -> config.gitApi(api));
  }

  private List<String> states(String sha) {
    return host.statuses().stream()
        .filter(r -> r.path().endsWith("/statuses/" + sha))
        .map(r -> r.json().path("state").asText())
        .toList();
  }

  @Test
  void eachCommitGetsPendingThenItsOutcomeOnGithub() throws Exception {
    Daemon daemon = start(ForgeKind.GITHUB, TOKEN);
    String first = fixture.repo().tip();
    await().atMost(PATIENCE).until(() -> states(first).equals(List.of("pending", "success")));
    FakeGitHost.Request success = host.statuses().get(1);
    assertThat(success.path()).isEqualTo("/api/v3/repos/team/config/statuses/" + first);
    assertThat(success.json().path("context").asText()).isEqualTo("mooring/prod-eu");
    assertThat(success.json().path("description").asText()).isEqualTo("1 app synced");
    assertThat(success.json().path("target_url").asText()).isEqualTo("https://mooring.example/");

    String broken =
        fixture
            .repo()
            .commit(
                "cache.yaml",
                ConfigRepository.smallRedis("team", "cache").replace("replicas: 1", "replicas: -4"),
                "break the cache");
    daemon.triggerSync(io.mooring.core.reconcile.Trigger.POLL);
    await().atMost(PATIENCE).until(() -> states(broken).equals(List.of("pending", "failure")));
    assertThat(host.statuses().get(3).json().path("description").asText())
        .isEqualTo("invalid: team/cache");

    // A resync of the same commit with the same outcome sends nothing.
    int before = host.statuses().size();
    daemon.triggerSync(io.mooring.core.reconcile.Trigger.RESYNC);
    await().atMost(PATIENCE).until(daemon::settled);
    assertThat(host.statuses()).hasSize(before);
  }

  @Test
  void gitlabGetsRunningThenSuccessUnderTheStatusName() throws Exception {
    start(ForgeKind.GITLAB, TOKEN);
    String first = fixture.repo().tip();
    await().atMost(PATIENCE).until(() -> states(first).equals(List.of("running", "success")));
    FakeGitHost.Request success = host.statuses().get(1);
    assertThat(success.path()).isEqualTo("/api/v4/projects/team%2Fconfig/statuses/" + first);
    assertThat(success.json().path("name").asText()).isEqualTo("mooring/prod-eu");
    assertThat(success.header("PRIVATE-TOKEN")).isEqualTo(TOKEN);
  }

  @Test
  void aHostRefusingEveryStatusDoesNotHoldSyncingBack() throws Exception {
    Daemon daemon = start(ForgeKind.GITHUB, "a-wrong-token");
    DaemonClient http = new DaemonClient(daemon.port());
    await().atMost(PATIENCE).until(() -> http.get("readyz").statusCode() == 200);
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                http.metricOrZero("mooring_commit_status_requests_total", "result=\"error\"") >= 2);
    assertThat(fixture.kube().apps().statefulSets().inNamespace("team").list().getItems())
        .isNotEmpty();
    assertThat(http.get("metrics").body()).doesNotContain("a-wrong-token");
  }
}
