package io.mooring.forge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A GitHub or GitLab REST API on loopback, as far as Mooring uses it: commit statuses, and the
 * comments (notes) of pull (merge) requests, kept in memory so that an update is seen by the next
 * listing. Every request is recorded with its headers and body; answers can be scripted ahead (e.g.
 * a 429 with rate-limit headers). Requests without the token the test expects are refused with 401,
 * as the real hosts do.
 */
public final class FakeGitHost implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the host received it. */
  public record Request(String method, String path, Map<String, String> headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return headers.get(name);
    }
  }

  /** A scripted answer. */
  public record Answer(int status, Map<String, String> headers, String body) {}

  /** A comment (GitHub) or note (GitLab) kept by the fake. */
  public record Comment(long id, long number, String body) {}

  private final ForgeKind kind;
  private final String token;
  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Deque<Answer> scripted = new ArrayDeque<>();
  private final List<Comment> comments = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong(1000);

  public FakeGitHost(ForgeKind kind, String token) throws IOException {
    this.kind = kind;
    this.token = token;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The API root to give Mooring as {@code --git-api-url}. */
  public String apiUrl() {
    return "http://127.0.0.1:"
        + server.getAddress().getPort()
        + (kind == ForgeKind.GITLAB ? "/api/v4" : "/api/v3");
  }

  public synchronized void script(Answer answer) {
    scripted.add(answer);
  }

  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The commit statuses posted, in order. */
  public synchronized List<Request> statuses() {
    return requests.stream()
        .filter(r -> r.method().equals("POST") && r.path().contains("/statuses/"))
        .toList();
  }

  public synchronized List<Comment> comments() {
    return List.copyOf(comments);
  }

  /** A comment someone else wrote, to show that Mooring leaves it alone. */
  public synchronized void addForeignComment(long number, String body) {
    comments.add(new Comment(ids.incrementAndGet(), number, body));
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    Request request =
        new Request(
            exchange.getRequestMethod(), query == null ? path : path + "?" + query, headers, body);
    Answer answer;
    synchronized (this) {
      requests.add(request);
      answer = scripted.isEmpty() ? null : scripted.poll();
      if (answer == null) {
        answer =
            authorized(headers)
                ? serve(request)
                : new Answer(401, Map.of(), "{\"message\":\"Bad credentials\"}");
      }
    }
    answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private boolean authorized(Map<String, String> headers) {
    return kind == ForgeKind.GITHUB
        ? ("Bearer " + token).equals(headers.get("Authorization"))
        : token.equals(headers.get("PRIVATE-TOKEN"));
  }

  private Answer serve(Request request) {
    String path = request.path().replaceFirst("^/api/v[34]", "").replaceFirst("\\?.*$", "");
    if (request.method().equals("POST") && path.contains("/statuses/")) {
      return new Answer(201, Map.of(), "{}");
    }
    String[] parts = path.split("/", -1);
    if (request.method().equals("GET") && (path.endsWith("/comments") || path.endsWith("/notes"))) {
      long number = Long.parseLong(parts[parts.length - 2]);
      return new Answer(200, Map.of(), list(number));
    }
    if (request.method().equals("POST")
        && (path.endsWith("/comments") || path.endsWith("/notes"))) {
      long number = Long.parseLong(parts[parts.length - 2]);
      Comment comment =
          new Comment(ids.incrementAndGet(), number, request.json().path("body").asText());
      comments.add(comment);
      return new Answer(201, Map.of(), "{\"id\":" + comment.id() + "}");
    }
    if (request.method().equals(kind == ForgeKind.GITHUB ? "PATCH" : "PUT")) {
      long id = Long.parseLong(parts[parts.length - 1]);
      for (int i = 0; i < comments.size(); i++) {
        if (comments.get(i).id() == id) {
          comments.set(
              i, new Comment(id, comments.get(i).number(), request.json().path("body").asText()));
          return new Answer(200, Map.of(), "{\"id\":" + id + "}");
        }
      }
    }
    return new Answer(404, Map.of(), "{\"message\":\"Not Found\"}");
  }

  private String list(long number) {
    var array = JSON.createArrayNode();
    for (Comment comment : comments) {
      if (comment.number() == number) {
        array.addObject().put("id", comment.id()).put("body", comment.body());
      }
    }
    return array.toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
