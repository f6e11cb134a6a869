package io.mooring.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.webhook.GithubSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;

/** Talks to a running daemon over HTTP, as GitHub, GitLab, Prometheus and a person's browser do. */
public final class DaemonClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  public DaemonClient(int port) {
    this.base = URI.create("http://127.0.0.1:" + port + "/");
  }

  public URI base() {
    return base;
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  public JsonNode json(String path) {
    try {
      return JSON.readTree(get(path).body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public HttpResponse<String> post(String path, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return send(request);
  }

  /** A push of {@code branchRef} as GitHub sends it, signed with {@code secret}. */
  public HttpResponse<String> githubPush(
      String repoUrl, String ref, String after, boolean deleted, String secret) {
    byte[] body = githubPushBody(repoUrl, ref, after, deleted);
    return post("hooks/github", githubHeaders(GithubSignature.sign(secret, body)), body);
  }

  public static byte[] githubPushBody(String repoUrl, String ref, String after, boolean deleted) {
    return ("{\"ref\":\""
            + ref
            + "\",\"before\":\""
            + "1".repeat(40)
            + "\",\"after\":\""
            + after
            + "\",\"deleted\":"
            + deleted
            + ",\"repository\":{\"full_name\":\"team/config\",\"clone_url\":\""
            + repoUrl
            + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  public static Map<String, String> githubHeaders(String signature) {
    return signature == null
        ? Map.of(
            "X-GitHub-Event",
            "push",
            "X-GitHub-Delivery",
            UUID.randomUUID().toString(),
            "Content-Type",
            "application/json")
        : Map.of(
            "X-GitHub-Event",
            "push",
            "X-GitHub-Delivery",
            UUID.randomUUID().toString(),
            "Content-Type",
            "application/json",
            "X-Hub-Signature-256",
            signature);
  }

  /** A push as GitLab sends it, with its token header. */
  public HttpResponse<String> gitlabPush(String repoUrl, String ref, String after, String token) {
    byte[] body =
        ("{\"object_kind\":\"push\",\"ref\":\""
                + ref
                + "\",\"after\":\""
                + after
                + "\",\"project\":{\"path_with_namespace\":\"team/config\",\"git_http_url\":\""
                + repoUrl
                + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
    return post(
        "hooks/gitlab",
        Map.of(
            "X-Gitlab-Event",
            "Push Hook",
            "X-Gitlab-Token",
            token,
            "X-Gitlab-Event-UUID",
            UUID.randomUUID().toString(),
            "Content-Type",
            "application/json"),
        body);
  }

  /**
   * The value of one series in {@code /metrics}, e.g. {@code metric("mooring_drifted_objects",
   * "app=\"cache\"")}; every given label fragment must appear in the series' labels.
   */
  public OptionalDouble metric(String name, String... labelFragments) {
    for (String line : get("metrics").body().split("\n", -1)) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        String labels =
            line.startsWith(name + "{")
                ? line.substring(name.length(), line.lastIndexOf('}') + 1)
                : "";
        boolean all = true;
        for (String fragment : labelFragments) {
          all &= labels.contains(fragment);
        }
        if (all) {
          return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
      }
    }
    return OptionalDouble.empty();
  }

  public double metricOrZero(String name, String... labelFragments) {
    return metric(name, labelFragments).orElse(0);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
