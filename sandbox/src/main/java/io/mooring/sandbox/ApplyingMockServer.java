package io.mooring.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fabric8's mock API server in CRUD mode, taught server-side apply and made countable.
 *
 * <p>An apply PATCH ({@code application/apply-patch+yaml}) creates the object when it does not
 * exist (the plain mock answers 404) and otherwise merges it into the stored object, maps field by
 * field and lists replaced whole (the plain mock answers 415). A real API server does much more: it
 * records which field manager owns each field in {@code managedFields}; it refuses a change to a
 * field owned by another manager with 409 unless {@code force=true}; it removes fields the same
 * manager applied before and no longer applies; it merges lists by their keys (containers by name,
 * ports by port and protocol) instead of replacing them; it fills defaults (protocol TCP,
 * imagePullPolicy ...) and runs admission; and its controllers create pods and claims, fill {@code
 * status} and collect garbage. None of that happens here.
 *
 * <p>Every request is counted by verb ({@code GET}, {@code POST}, {@code PUT}, {@code PATCH},
 * {@code APPLY}, {@code DELETE}), so that a test can assert that a sync made zero writes.
 */
public final class ApplyingMockServer implements AutoCloseable {
  public static final Set<String> WRITE_VERBS = Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE");
  // The mock web server logs every request through java.util.logging; that halves its throughput.
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  /** A write request as received: verb, path with query, and body. */
  public record Write(String verb, String path, String body) {}

  /**
   * Any request as received: HTTP method, path with query (a watch is a GET with watch=true), the
   * client's User-Agent, which tells a test's own requests from those of the code under test, and
   * the body's content type (a server-side apply is a PATCH of {@code
   * application/apply-patch+yaml}).
   */
  public record Request(String method, String path, String userAgent, String contentType) {
    /** A server-side apply, which creates the object when it does not exist. */
    public boolean isApply() {
      return "PATCH".equalsIgnoreCase(method)
          && contentType != null
          && contentType.startsWith("application/apply-patch");
    }
  }

  private final CountingDispatcher dispatcher;
  private final KubernetesMockServer server;

  /** A server that keeps every write it receives, for {@link #writeLog()}: for tests. */
  public ApplyingMockServer() {
    this(true);
  }

  private ApplyingMockServer(boolean keepWrites) {
    MockWebServer web = new MockWebServer();
    // The mock web server queues every request it receives, bodies included, for tests to take;
    // nothing takes them here, so a long-running sandbox forgets them as they come.
    dispatcher = new CountingDispatcher(keepWrites, keepWrites ? () -> {} : web::reset);
    server = new KubernetesMockServer(new Context(), web, new HashMap<>(), dispatcher, false);
    server.init();
  }

  /**
   * A server that counts requests but keeps none ({@link #writeLog()} stays empty): for {@code
   * serve --sandbox}, which runs for as long as a person likes and may apply thousands of apps,
   * where a log of every request body would only grow.
   */
  public static ApplyingMockServer withoutWriteLog() {
    return new ApplyingMockServer(false);
  }

  /**
   * A client without fabric8's own request retries, so that the retries a test observes are the
   * Applier's (the daemon's client should be configured the same way).
   */
  public KubernetesClient createClient() {
    return server.createClient(
        builder ->
            builder
                .editOrNewConfig()
                .withRequestRetryBackoffLimit(0)
                // Cleartext HTTP/1.1 only, as Mooring's own clients of a cleartext server.
                .withHttp2Disable(true)
                .endConfig());
  }

  /** The API server's base URL, e.g. {@code http://localhost:40123/}. */
  public String url() {
    return server.url("/");
  }

  /** Writes a kubeconfig that points kubectl (or another Mooring) at this server. */
  public void writeKubeconfig(java.nio.file.Path file) throws IOException {
    String kubeconfig =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mooring-sandbox
          cluster:
            server: %s
        users:
        - name: mooring-sandbox
          user:
            token: sandbox
        contexts:
        - name: mooring-sandbox
          context:
            cluster: mooring-sandbox
            user: mooring-sandbox
            namespace: default
        current-context: mooring-sandbox
        """
            .formatted(url().replaceAll("/$", ""));
    java.nio.file.Files.writeString(file, kubeconfig, StandardCharsets.UTF_8);
  }

  public int writes() {
    return WRITE_VERBS.stream().mapToInt(this::requests).sum();
  }

  public int requests(String verb) {
    return dispatcher.counts.getOrDefault(verb, new AtomicInteger()).get();
  }

  /**
   * Every request received (reads and watches too), in order, for tests that compare what a client
   * asks of the API with the permissions it is granted. Empty for {@link #withoutWriteLog()}.
   */
  public List<Request> requestLog() {
    synchronized (dispatcher.requests) {
      return List.copyOf(dispatcher.requests);
    }
  }

  /** Writes received since the last {@link #resetCounts()}, in order. */
  public List<Write> writeLog() {
    synchronized (dispatcher.writes) {
      return List.copyOf(dispatcher.writes);
    }
  }

  public void resetCounts() {
    dispatcher.counts.clear();
    dispatcher.writes.clear();
  }

  /**
   * Every answer but a watch's is held back by {@code latency}, as a real API server's over a
   * network; zero (the default) answers at once. The delay is a timer on the answer, so requests
   * that arrive together are still served together.
   */
  public void latency(java.time.Duration latency) {
    dispatcher.latency = latency;
  }

  /**
   * Writes whose path contains {@code pathPart} fail with {@code status} (before reaching the
   * store) until this is called again with another part; null stops it.
   */
  public void failWritesTo(String pathPart, int status) {
    dispatcher.failStatusForPath = status;
    dispatcher.failPath = pathPart;
  }

  /** The next {@code times} write requests fail with {@code status} before reaching the store. */
  public void failNextWrites(int status, int times) {
    dispatcher.failStatus = status;
    dispatcher.failures.set(times);
  }

  @Override
  public void close() {
    try {
      server.destroy();
    } catch (IllegalStateException slowShutdown) {
      // The mock's web server gives its shutdown a fixed time, which a loaded machine can exceed;
      // the port is released when the test JVM ends, and no test result depends on it.
      MOCK_LOG.warning("mock API server shut down slowly: " + slowShutdown.getMessage());
    }
  }

  private static final class CountingDispatcher extends KubernetesCrudDispatcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    // Appended on every write: a copy-on-write list would copy the whole log each time.
    final List<Write> writes = Collections.synchronizedList(new ArrayList<>());
    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger failures = new AtomicInteger();
    final boolean keepWrites;
    final Runnable forgetRequests;
    volatile int failStatus = 500;
    volatile String failPath;
    volatile int failStatusForPath = 500;
    volatile java.time.Duration latency = java.time.Duration.ZERO;

    CountingDispatcher(boolean keepWrites, Runnable forgetRequests) {
      this.keepWrites = keepWrites;
      this.forgetRequests = forgetRequests;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      MockResponse response = answer(request);
      java.time.Duration delay = latency;
      String path = request.getPath();
      if (!delay.isZero() && (path == null || !path.contains("watch=true"))) {
        response.setBodyDelay(delay);
      }
      return response;
    }

    private MockResponse answer(RecordedRequest request) {
      forgetRequests.run();
      String verb = verbOf(request);
      counts.computeIfAbsent(verb, v -> new AtomicInteger()).incrementAndGet();
      if (keepWrites) {
        requests.add(
            new Request(
                request.getMethod(),
                request.getPath(),
                request.getHeader("User-Agent"),
                request.getHeader("Content-Type")));
      }
      if (WRITE_VERBS.contains(verb)) {
        if (keepWrites) {
          writes.add(new Write(verb, request.getPath(), bodyOf(request)));
        }
        String failing = failPath;
        if (failing != null && request.getPath() != null && request.getPath().contains(failing)) {
          return failure(failStatusForPath);
        }
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          return failure(failStatus);
        }
      }
      return "APPLY".equals(verb) ? apply(request) : super.dispatch(request);
    }

    private static MockResponse failure(int status) {
      return new MockResponse()
          .setResponseCode(status)
          .setBody(
              "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":"
                  + status
                  + ",\"message\":\"injected failure\"}");
    }

    private MockResponse apply(RecordedRequest request) {
      String path = request.getPath();
      String resourcePath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
      String body = toJson(bodyOf(request));
      MockResponse existing = handleGet(resourcePath);
      if (existing.code() == 404) {
        String collection = resourcePath.substring(0, resourcePath.lastIndexOf('/'));
        return super.dispatch(forward(HttpMethod.POST, collection, "application/json", body));
      }
      // The mock's own merge patch appends to lists; apply replaces the lists it sends, as here.
      try {
        ObjectNode merged = (ObjectNode) JSON.readTree(existing.getBody().getBytes());
        merge(merged, (ObjectNode) JSON.readTree(body));
        return super.dispatch(
            forward(
                HttpMethod.PUT, resourcePath, "application/json", JSON.writeValueAsString(merged)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void merge(ObjectNode target, ObjectNode applied) {
      applied
          .properties()
          .forEach(
              field -> {
                JsonNode current = target.get(field.getKey());
                if (current instanceof ObjectNode currentObject
                    && field.getValue() instanceof ObjectNode appliedObject) {
                  merge(currentObject, appliedObject);
                } else {
                  target.set(field.getKey(), field.getValue());
                }
              });
    }

    private static RecordedRequest forward(
        HttpMethod method, String path, String contentType, String body) {
      Headers headers = Headers.builder().add("Content-Type", contentType).build();
      return new RecordedRequest(
          "HTTP/1.1", method, path, headers, new Buffer(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Reads the body without consuming it: the store reads it again afterwards. */
    private static String bodyOf(RecordedRequest request) {
      return request.getBody() == null
          ? ""
          : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    private static String verbOf(RecordedRequest request) {
      String method = request.getMethod();
      String contentType = request.getHeader("Content-Type");
      if ("PATCH".equals(method) && contentType != null && contentType.contains("apply-patch")) {
        return "APPLY";
      }
      return method;
    }

    private static String toJson(String yamlOrJson) {
      try {
        JsonNode tree = YAML.readTree(yamlOrJson);
        return JSON.writeValueAsString(tree);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
