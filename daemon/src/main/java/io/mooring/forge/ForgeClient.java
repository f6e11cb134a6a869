package io.mooring.forge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends one request to the git host's REST API with the headers its documentation asks for: GitHub
 * {@code Authorization: Bearer}, {@code Accept: application/vnd.github+json} and {@code
 * X-GitHub-Api-Version}; GitLab {@code PRIVATE-TOKEN}; both a {@code User-Agent} (GitHub refuses
 * requests without one). The token ({@link ApiToken}) is read at every request; it appears in no
 * message this class produces.
 */
public final class ForgeClient {
  static final String GITHUB_API_VERSION = "2022-11-28";

  private final ForgeProject project;
  private final ApiToken token;
  private final HttpClient http;
  private final Duration timeout;
  private final String userAgent;

  /** An answer: status, headers (any letter case) and body. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public Answer {
      Map<String, String> named = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      named.putAll(headers);
      headers = named;
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }

    public String header(String name) {
      return headers.get(name);
    }
  }

  public ForgeClient(ForgeProject project, ApiToken token, Duration timeout) {
    this.project = project;
    this.token = token;
    this.timeout = timeout;
    // HTTP/1.1: on a cleartext API (a test, a proxy) the h2c upgrade attempt gains nothing.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
    String version = ForgeClient.class.getPackage().getImplementationVersion();
    this.userAgent = "mooring/" + (version == null ? "dev" : version);
  }

  public ForgeProject project() {
    return project;
  }

  /**
   * Sends one request and returns the answer, whatever its status.
   *
   * @param pathAndQuery below the API root, e.g. {@code /repos/acme/config/statuses/SHA}
   * @param json the body, or null for none
   * @throws IOException when the token cannot be read or the host cannot be reached; the message
   *     names the request's path, never the token
   */
  public Answer send(String method, String pathAndQuery, String json) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(project.apiUrl() + pathAndQuery))
            .timeout(timeout)
            .header("User-Agent", userAgent)
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    String secret = token.read();
    if (project.kind() == ForgeKind.GITHUB) {
      request
          .header("Accept", "application/vnd.github+json")
          .header("X-GitHub-Api-Version", GITHUB_API_VERSION)
          .header("Authorization", "Bearer " + secret);
    } else {
      request.header("Accept", "application/json").header("PRIVATE-TOKEN", secret);
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(method + " " + pathAndQuery + " interrupted", e);
    } catch (IOException e) {
      throw new IOException(method + " " + pathAndQuery + " failed: " + e, e);
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
    return new Answer(response.statusCode(), headers, response.body());
  }
}
