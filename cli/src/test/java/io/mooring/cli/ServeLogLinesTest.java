package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.webhook.GithubSignature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log of {@code mooring serve} as a log collector or a person reading a terminal gets it: every
 * line of a JSON run is one JSON object with the values as keys, and in a text run no value from
 * outside can forge a line, send escape codes or show a credential.
 */
class ServeLogLinesTest {
  private static final String SECRET = "hook-secret";
  private static final String APP_FILE = "default/redis-no-auth.yaml";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A ref a signed webhook may carry: a newline, a forged log line and a terminal escape code. */
  private static final String HOSTILE_REF =
      "refs/heads/x\n2026-01-01T00:00:00.000Z INFO  SyncJob - forged \u001b[31m";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void everyLineOfAJsonRunIsOneJsonObjectWithTheValuesAsKeys() throws Exception {
    Path repo = dir.resolve("config");
    String commit = configRepository(repo);
    List<String> lines;
    int port;
    try (ServeProcess serve =
        ServeProcess.start(
            dir.resolve("data"),
            Map.of("MOORING_GITHUB_SECRET", SECRET),
            "--repo",
            repo.toString(),
            "--path",
            "apps",
            "--log-format",
            "json")) {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> serve.lines().stream().anyMatch(line -> line.contains("sync finished")));
      port = serve.port;
      for (int i = 0; i < 3; i++) {
        assertThat(webhook(serve.port, "push", null, push(HOSTILE_REF, repo.toString())))
            .isEqualTo(401);
      }
      assertThat(webhook(serve.port, "push", SECRET, push(HOSTILE_REF, repo.toString())))
          .isEqualTo(202);
      lines = serve.stop();
    }

    List<JsonNode> json = new ArrayList<>();
    for (String line : lines) {
      json.add(parse(line));
    }
    assertThat(json)
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line.path("level").isTextual()).isTrue())
        .allSatisfy(line -> assertThat(line.path("message").isTextual()).isTrue());
    assertThat(json)
        .filteredOn(line -> line.path("message").asText().equals("app reconciled"))
        .anySatisfy(
            line -> {
              assertThat(line.path("app").asText()).isEqualTo("sessions");
              assertThat(line.path("kind").asText()).isEqualTo("redis");
              assertThat(line.path("namespace").asText()).isEqualTo("default");
              assertThat(line.path("revision").asText()).isEqualTo(commit);
              assertThat(line.path("outcome").asText()).isEqualTo("synced");
              assertThat(line.path("duration_ms").isNumber()).isTrue();
            });
    assertThat(json)
        .filteredOn(line -> line.path("message").asText().equals("sync finished"))
        .anySatisfy(line -> assertThat(line.path("revision").asText()).isEqualTo(commit));
    assertThat(json)
        .filteredOn(line -> line.path("message").asText().startsWith("Mooring is running"))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line.path("url").asText()).isEqualTo("http://127.0.0.1:" + port + "/"));
    assertThat(json)
        .filteredOn(line -> line.path("message").asText().equals("webhook"))
        .as("the first refusal and the signed push: the next refusals are only counted")
        .hasSize(2)
        .anySatisfy(line -> assertThat(line.path("outcome").asText()).isEqualTo("unauthorized"))
        .anySatisfy(line -> assertThat(line.path("reason").asText()).contains(HOSTILE_REF));
  }

  @Test
  void textLinesEscapeValuesFromOutsideAndMaskCredentialsOfTheRemote() throws Exception {
    String remote = "https://127.0.0.1:" + closedPort() + "/team/config.git";
    String withCredentials = remote.replace("https://", "https://mooring:s3cr3t-token@");
    List<String> lines;
    try (ServeProcess serve =
        ServeProcess.start(
            dir.resolve("data"),
            Map.of("MOORING_GITHUB_SECRET", SECRET),
            "--repo",
            withCredentials,
            "--log-format",
            "text")) {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () -> serve.lines().stream().anyMatch(line -> line.contains("Mooring is running")));
      assertThat(webhook(serve.port, "push", SECRET, push(HOSTILE_REF, remote))).isEqualTo(202);
      assertThat(webhook(serve.port, "push\"quoted", SECRET, push("refs/heads/main", remote)))
          .isEqualTo(202);
      // The webhook's log line may follow its answer: wait for both lines before stopping.
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  serve.lines().stream().anyMatch(line -> line.contains("is not handled"))
                      && serve.lines().stream().anyMatch(line -> line.contains("forged")));
      lines = serve.stop();
    }

    String log = String.join("\n", lines);
    assertThat(log)
        .contains("repo=https://***@127.0.0.1:")
        .doesNotContain("s3cr3t-token")
        .doesNotContain("\u001b");
    assertThat(lines)
        .filteredOn(line -> line.contains("forged"))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains(" WebhookRoutes - webhook ")
                    .contains(
                        "reason=\"ref refs/heads/x\\n2026-01-01T00:00:00.000Z INFO  SyncJob -"
                            + " forged \\u001b[31m is not the tracked branch refs/heads/main\""));
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains(
                        "reason=\"event \\\"push\\\"quoted\\\" is not handled; only push and"
                            + " pull_request are\""));
  }

  /** A repository with one app under {@code apps/}; returns its commit. */
  private static String configRepository(Path repo) throws Exception {
    Path app = repo.resolve("apps").resolve("sessions.yaml");
    Files.createDirectories(app.getParent());
    Files.copy(Path.of("..", "examples", "apps").resolve(APP_FILE), app);
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern("apps").call();
      return git.commit()
          .setMessage("sessions")
          .setAuthor("Team", "team@example.org")
          .setCommitter("Team", "team@example.org")
          .call()
          .name();
    }
  }

  private static String push(String ref, String cloneUrl) throws IOException {
    return JSON.writeValueAsString(
        Map.of("ref", ref, "after", "ab".repeat(20), "repository", Map.of("clone_url", cloneUrl)));
  }

  private int webhook(int port, String event, String secret, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/github"))
            .timeout(Duration.ofSeconds(30))
            .header("X-GitHub-Event", event)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (secret != null) {
      request.header("X-Hub-Signature-256", GithubSignature.sign(secret, bytes));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static JsonNode parse(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      assertThat(node).as("a JSON object: %s", line).isNotNull();
      assertThat(node.isObject()).as("a JSON object: %s", line).isTrue();
      return node;
    } catch (IOException e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
