package io.mooring.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Commit statuses as GitHub's and GitLab's REST documentation define them, sent to a local API:
 * path, headers, JSON body; one request per change of state; rate limits waited out; failures
 * counted and logged without the token.
 */
class CommitStatusReporterTest {
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  private static final String TOKEN = "ghp_secret-token-value";

  @TempDir Path dir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private FakeGitHost host;
  private CommitStatusReporter reporter;

  @AfterEach
  void stop() {
    if (reporter != null) {
      reporter.close();
    }
    if (host != null) {
      host.close();
    }
  }

  private CommitStatusReporter reporter(ForgeKind kind, String project) throws Exception {
    host = new FakeGitHost(kind, TOKEN);
    Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    ForgeProject target =
        ForgeProject.of(kind, "https://example.com/x/y.git", host.apiUrl(), project);
    reporter =
        new CommitStatusReporter(
            new ForgeClient(target, ApiToken.file(token), Duration.ofSeconds(5)),
            registry,
            Duration.ofMillis(200),
            3,
            Clock.systemUTC());
    return reporter;
  }

  private double count(String result) {
    return registry.get("mooring.commit.status.requests").tag("result", result).counter().count();
  }

  @Test
  void githubStatusIsPostedWithTheDocumentedPathHeadersAndBody() throws Exception {
    reporter(ForgeKind.GITHUB, "acme/config");
    reporter.report(
        new CommitStatus(
            SHA, CommitState.PENDING, "mooring/prod", "applying", "https://m.example/"));
    await().until(() -> host.statuses().size() == 1 && reporter.idle());
    reporter.report(
        new CommitStatus(SHA, CommitState.SUCCESS, "mooring/prod", "3 apps synced", null));
    await().until(() -> host.statuses().size() == 2 && reporter.idle());

    FakeGitHost.Request first = host.statuses().get(0);
    assertThat(first.path()).isEqualTo("/api/v3/repos/acme/config/statuses/" + SHA);
    assertThat(first.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(first.header("Accept")).isEqualTo("application/vnd.github+json");
    assertThat(first.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
    assertThat(first.header("User-Agent")).startsWith("mooring/");
    assertThat(first.header("Content-Type")).isEqualTo("application/json");
    assertThat(first.json().path("state").asText()).isEqualTo("pending");
    assertThat(first.json().path("context").asText()).isEqualTo("mooring/prod");
    assertThat(first.json().path("description").asText()).isEqualTo("applying");
    assertThat(first.json().path("target_url").asText()).isEqualTo("https://m.example/");
    FakeGitHost.Request second = host.statuses().get(1);
    assertThat(second.json().path("state").asText()).isEqualTo("success");
    assertThat(second.json().has("target_url")).isFalse();
    assertThat(count("ok")).isEqualTo(2);
  }

  @Test
  void gitlabStatusUsesPrivateTokenTheProjectPathAndNameAndGitlabStates() throws Exception {
    reporter(ForgeKind.GITLAB, "group/sub/config");
    reporter.report(new CommitStatus(SHA, CommitState.PENDING, "mooring/prod", "applying", null));
    await().until(() -> host.statuses().size() == 1 && reporter.idle());
    reporter.report(
        new CommitStatus(SHA, CommitState.FAILURE, "mooring/prod", "failed: a/b", null));
    await().until(() -> host.statuses().size() == 2 && reporter.idle());

    FakeGitHost.Request first = host.statuses().get(0);
    assertThat(first.path()).isEqualTo("/api/v4/projects/group%2Fsub%2Fconfig/statuses/" + SHA);
    assertThat(first.header("PRIVATE-TOKEN")).isEqualTo(TOKEN);
    assertThat(first.header("Authorization")).isNull();
    assertThat(first.header("User-Agent")).startsWith("mooring/");
    assertThat(first.json().path("state").asText()).isEqualTo("running");
    assertThat(first.json().path("name").asText()).isEqualTo("mooring/prod");
    assertThat(host.statuses().get(1).json().path("state").asText()).isEqualTo("failed");
    assertThat(host.statuses().get(1).json().path("description").asText()).isEqualTo("failed: a/b");
  }

  @Test
  void aStateIsSentOncePerCommitAndContext() throws Exception {
    reporter(ForgeKind.GITHUB, "acme/config");
    CommitStatus success = new CommitStatus(SHA, CommitState.SUCCESS, "mooring/prod", "ok", null);
    reporter.report(success);
    await().until(() -> host.statuses().size() == 1 && reporter.idle());
    reporter.report(success);
    reporter.report(new CommitStatus(SHA, CommitState.SUCCESS, "mooring/prod", "other", null));
    reporter.report(new CommitStatus(SHA, CommitState.SUCCESS, "mooring/stage", "ok", null));
    await().until(() -> host.statuses().size() == 2 && reporter.idle());

    assertThat(host.statuses().get(1).json().path("context").asText()).isEqualTo("mooring/stage");
    assertThat(count("ok")).isEqualTo(2);
  }

  @Test
  void aNewerStateReplacesOneNotSentYet() throws Exception {
    reporter(ForgeKind.GITHUB, "acme/config");
    // Asks for a second; the test's bound cuts the wait to 200 ms, time enough to report anew.
    host.script(new FakeGitHost.Answer(429, Map.of("retry-after", "1"), "{}"));
    reporter.report(new CommitStatus(SHA, CommitState.PENDING, "mooring/prod", "applying", null));
    await().until(() -> count("rate_limited") == 1);
    reporter.report(new CommitStatus(SHA, CommitState.SUCCESS, "mooring/prod", "ok", null));
    // On a busy machine the 200 ms wait may end, and the pending state go out, before the newer
    // state arrives; either way the commit ends on the newer state, sent once.
    await()
        .until(
            () ->
                reporter.idle()
                    && !host.statuses().isEmpty()
                    && host.statuses()
                        .get(host.statuses().size() - 1)
                        .json()
                        .path("state")
                        .asText()
                        .equals("success"));

    assertThat(
            host.statuses().stream().filter(r -> r.json().path("state").asText().equals("success")))
        .hasSize(1);
  }

  @Test
  void aRateLimitIsWaitedOutAndTheStatusSentAfterIt() throws Exception {
    reporter(ForgeKind.GITHUB, "acme/config");
    host.script(
        new FakeGitHost.Answer(
            403,
            Map.of(
                "x-ratelimit-remaining",
                "0",
                "x-ratelimit-reset",
                String.valueOf(Instant.now().getEpochSecond() + 1)),
            "{\"message\":\"API rate limit exceeded\"}"));
    host.script(new FakeGitHost.Answer(429, Map.of("retry-after", "1"), "{}"));
    reporter.report(new CommitStatus(SHA, CommitState.SUCCESS, "mooring/prod", "ok", null));
    await().atMost(Duration.ofSeconds(10)).until(() -> count("ok") == 1 && reporter.idle());

    assertThat(host.statuses()).hasSize(3);
    assertThat(count("rate_limited")).isEqualTo(2);
    assertThat(count("error")).isZero();
  }

  @Test
  void aStatusStillLimitedAfterItsAttemptsIsDroppedAndLaterOnesGetThrough() throws Exception {
    reporter(ForgeKind.GITLAB, "7");
    for (int i = 0; i < 3; i++) {
      host.script(new FakeGitHost.Answer(429, Map.of("RateLimit-Reset", "0"), "{}"));
    }
    reporter.report(new CommitStatus(SHA, CommitState.SUCCESS, "mooring/prod", "ok", null));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> count("rate_limited") == 3 && reporter.idle());
    reporter.report(new CommitStatus(SHA, CommitState.FAILURE, "mooring/prod", "x", null));
    await().until(() -> count("ok") == 1 && reporter.idle());

    assertThat(host.statuses().get(3).path()).isEqualTo("/api/v4/projects/7/statuses/" + SHA);
  }

  @Test
  void aRefusedRequestIsCountedAndLoggedWithoutTheToken() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(CommitStatusReporter.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      reporter(ForgeKind.GITHUB, "acme/config");
      Files.writeString(dir.resolve("token"), "a-revoked-token");
      reporter.report(new CommitStatus(SHA, CommitState.SUCCESS, "mooring/prod", "ok", null));
      await().until(() -> count("error") == 1 && reporter.idle());
    } finally {
      logger.detachAppender(lines);
    }
    List<String> logged =
        lines.list.stream().map(e -> e.getFormattedMessage() + " " + e.getKeyValuePairs()).toList();
    assertThat(logged)
        .anyMatch(line -> line.contains("HTTP 401") && line.contains("Bad credentials"));
    assertThat(logged).noneMatch(line -> line.contains("revoked") || line.contains(TOKEN));
  }

  @Test
  void anUnreachableHostNeverBlocksTheCaller() throws Exception {
    reporter(ForgeKind.GITHUB, "acme/config");
    host.close();
    for (int i = 0; i < 50; i++) {
      reporter.report(
          new CommitStatus(
              SHA.substring(0, 38) + String.format("%02d", i), CommitState.SUCCESS, "c", "", null));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> count("error") == 50 && reporter.idle());
    host = null;
  }
}
