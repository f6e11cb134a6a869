package io.mooring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mooring.core.backup.BackupCatalogue;
import io.mooring.status.AppStatusView;
import io.mooring.status.FileProblemsView;
import io.mooring.webhook.GithubSignature;
import io.mooring.webhook.RecentDeliveries;
import io.mooring.webhook.WebhookPolicy;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpRoutesTest {
  private static final String SECRET = "hook-secret";
  private Vertx vertx;
  private HttpServer server;
  private WebClient client;
  private final AtomicInteger pushes = new AtomicInteger();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** Closed while a test wants the status source to be slow. */
  private volatile CountDownLatch statusReadable = new CountDownLatch(0);

  private final AtomicInteger slowReads = new AtomicInteger();
  private final List<Boolean> readOnEventLoop = new CopyOnWriteArrayList<>();

  /** Set while a test wants the status to fail as a build that ran out of memory would. */
  private volatile boolean statusBroken;

  /** The apps a test wants listed instead of the two below; null for those two. */
  private volatile List<AppStatusView> manyApps;

  private final StatusSource status =
      new StatusSource() {
        @Override
        public List<AppStatusView> apps() {
          if (statusBroken) {
            throw new OutOfMemoryError("Java heap space");
          }
          if (manyApps != null) {
            return manyApps;
          }
          readOnEventLoop.add(Context.isOnEventLoopThread());
          if (statusReadable.getCount() > 0) {
            slowReads.incrementAndGet();
            try {
              statusReadable.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return List.of(
              new AppStatusView(
                  "redis",
                  "team-a",
                  "cache",
                  "drifted",
                  "0123456789abcdef",
                  Instant.parse("2026-01-01T00:00:00Z"),
                  "",
                  List.of(
                      new AppStatusView.DriftedObject(
                          "StatefulSet",
                          "cache-redis",
                          List.of(new AppStatusView.FieldChange("spec.replicas", "3", "5")))),
                  List.of()),
              new AppStatusView(
                  "nats",
                  "team-b",
                  "<bus>",
                  "synced",
                  "0123456789abcdef",
                  null,
                  "",
                  List.of(),
                  List.of()));
        }

        @Override
        public Optional<BackupCatalogue> backups(String kind, String namespace, String name) {
          return name.equals("cache")
              ? Optional.of(
                  BackupCatalogue.parse(
                      "backup 20261130T120000Z 2026-11-30T12:00:01Z 2048 "
                          + "c".repeat(64)
                          + " snapshot 1\nfailures 0\n"))
              : Optional.empty();
        }

        @Override
        public List<FileProblemsView> files() {
          return List.of(
              new FileProblemsView(
                  "apps/bad\\u001b.yaml",
                  List.of("apps/bad\\u001b.yaml:4:9 metadata.name: must be a DNS-1123 label")));
        }

        @Override
        public StatusPage.DaemonSummary summary() {
          return new StatusPage.DaemonSummary(
              "https://example.org/config.git",
              "main",
              "0123456789abcdef",
              "apply",
              true,
              null,
              null,
              List.of(),
              Map.of("200", 41L, "429", 2L));
        }

        @Override
        public boolean ready() {
          return true;
        }
      };

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    WebhookPolicy policy =
        new WebhookPolicy(
            "https://github.com/acme/config.git",
            "main",
            SECRET.getBytes(StandardCharsets.UTF_8),
            null,
            new RecentDeliveries(100));
    new WebhookRoutes(policy, nanos -> pushes.incrementAndGet(), registry, 1024 * 1024, 5000)
        .mount(router);
    new ManagementRoutes(status, registry).mount(router);
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> send(
      HttpMethod method, String path, String event, String signature, Buffer body)
      throws Exception {
    var request = client.request(method, server.actualPort(), "127.0.0.1", path);
    if (event != null) {
      request.putHeader("X-GitHub-Event", event);
    }
    if (signature != null) {
      request.putHeader("X-Hub-Signature-256", signature);
    }
    return (body == null ? request.send() : request.sendBuffer(body))
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static String push(String ref) {
    return "{\"ref\":\""
        + ref
        + "\",\"after\":\""
        + "ab".repeat(20)
        + "\",\"repository\":{\"clone_url\":\"https://github.com/acme/config.git\"}}";
  }

  @Test
  void aSlowStatusSourceDoesNotHoldUpHealthChecks() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    statusReadable = new CountDownLatch(1);
    CompletableFuture<java.net.http.HttpResponse<String>> page;
    CompletableFuture<java.net.http.HttpResponse<String>> api;
    try {
      page = http.sendAsync(get("/"), BodyHandlers.ofString());
      api = http.sendAsync(get("/api/v1/apps"), BodyHandlers.ofString());
      // Both are being built at once: neither holds the event loop.
      await().atMost(Duration.ofSeconds(10)).until(() -> slowReads.get() == 2);

      java.net.http.HttpResponse<String> health =
          http.send(get("/healthz"), BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(page).isNotDone();
      assertThat(api).isNotDone();
    } finally {
      statusReadable.countDown();
    }
    assertThat(page).succeedsWithin(Duration.ofSeconds(10)).returns(200, r -> r.statusCode());
    assertThat(api).succeedsWithin(Duration.ofSeconds(10)).returns(200, r -> r.statusCode());
    assertThat(readOnEventLoop).hasSize(2).containsOnly(false);
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  @Test
  void signedPushIsAcceptedAndTriggersOnce() throws Exception {
    byte[] body = push("refs/heads/main").getBytes(StandardCharsets.UTF_8);
    HttpResponse<Buffer> response =
        send(
            HttpMethod.POST,
            "/hooks/github",
            "push",
            GithubSignature.sign(SECRET, body),
            Buffer.buffer(body));
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.bodyAsJsonObject().getString("outcome")).isEqualTo("triggered");
    assertThat(pushes.get()).isEqualTo(1);
  }

  @Test
  void refusedRequestsGetTheirCodesAndTriggerNothing() throws Exception {
    byte[] body = push("refs/heads/main").getBytes(StandardCharsets.UTF_8);
    assertThat(
            send(HttpMethod.POST, "/hooks/github", "push", null, Buffer.buffer(body)).statusCode())
        .isEqualTo(401);
    assertThat(
            send(HttpMethod.POST, "/hooks/github", "push", "sha256=00", Buffer.buffer(body))
                .statusCode())
        .isEqualTo(401);
    byte[] garbage = "{oops".getBytes(StandardCharsets.UTF_8);
    assertThat(
            send(
                    HttpMethod.POST,
                    "/hooks/github",
                    "push",
                    GithubSignature.sign(SECRET, garbage),
                    Buffer.buffer(garbage))
                .statusCode())
        .isEqualTo(400);
    byte[] big = new byte[2 * 1024 * 1024];
    assertThat(
            send(
                    HttpMethod.POST,
                    "/hooks/github",
                    "push",
                    GithubSignature.sign(SECRET, big),
                    Buffer.buffer(big))
                .statusCode())
        .isEqualTo(413);
    assertThat(send(HttpMethod.GET, "/hooks/github", null, null, null).statusCode()).isEqualTo(405);
    byte[] tag = push("refs/tags/v1").getBytes(StandardCharsets.UTF_8);
    HttpResponse<Buffer> ignored =
        send(
            HttpMethod.POST,
            "/hooks/github",
            "push",
            GithubSignature.sign(SECRET, tag),
            Buffer.buffer(tag));
    assertThat(ignored.statusCode()).isEqualTo(202);
    assertThat(ignored.bodyAsJsonObject().getString("outcome")).isEqualTo("ignored");
    assertThat(send(HttpMethod.POST, "/hooks/gitlab", null, null, Buffer.buffer(body)).statusCode())
        .isEqualTo(401);
    assertThat(pushes.get()).isZero();

    String metrics = send(HttpMethod.GET, "/metrics", null, null, null).bodyAsString();
    assertThat(metrics)
        .contains(
            "mooring_webhook_requests_total{outcome=\"unauthorized\",provider=\"github\"} 2.0")
        .contains("mooring_webhook_requests_total{outcome=\"too_large\",provider=\"github\"} 1.0")
        .contains("mooring_webhook_requests_total{outcome=\"malformed\",provider=\"github\"} 1.0")
        .contains("mooring_webhook_requests_total{outcome=\"ignored\",provider=\"github\"} 1.0");
  }

  @Test
  void statusApiAndPageShowAppsAndDrift() throws Exception {
    var apps = send(HttpMethod.GET, "/api/v1/apps", null, null, null).bodyAsJsonObject();
    assertThat(apps.getJsonArray("apps")).hasSize(2);
    assertThat(apps.getJsonObject("daemon").getJsonObject("apiAnswers").getLong("429"))
        .isEqualTo(2);
    var one = send(HttpMethod.GET, "/api/v1/apps/redis/team-a/cache", null, null, null);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(
            one.bodyAsJsonObject()
                .getJsonArray("drifted")
                .getJsonObject(0)
                .getJsonArray("fields")
                .getJsonObject(0)
                .getString("path"))
        .isEqualTo("spec.replicas");
    assertThat(one.bodyAsJsonObject().getString("lastSyncTime")).isEqualTo("2026-01-01T00:00:00Z");
    var backup = one.bodyAsJsonObject().getJsonObject("backups").getJsonArray("entries");
    assertThat(backup.getJsonObject(0).getString("name")).isEqualTo("20261130T120000Z");
    assertThat(backup.getJsonObject(0).getString("time")).isEqualTo("2026-11-30T12:00:01Z");
    assertThat(backup.getJsonObject(0).getLong("sizeBytes")).isEqualTo(2048);
    assertThat(backup.getJsonObject(0).getString("checksum")).isEqualTo("c".repeat(64));
    assertThat(backup.getJsonObject(0).getString("kind")).isEqualTo("snapshot");
    assertThat(
            send(HttpMethod.GET, "/api/v1/apps/redis/team-a/none", null, null, null).statusCode())
        .isEqualTo(404);
    String page = send(HttpMethod.GET, "/", null, null, null).bodyAsString();
    assertThat(page)
        .contains("cache-redis")
        .contains("spec.replicas")
        .contains("&lt;bus&gt;")
        .doesNotContain("<bus>")
        .doesNotContain("<script")
        .contains("<span>200 × 41</span>")
        .contains("<span class=\"failed\">429 × 2</span>");
    assertThat(send(HttpMethod.GET, "/healthz", null, null, null).statusCode()).isEqualTo(200);
    assertThat(send(HttpMethod.GET, "/readyz", null, null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void aStatusThatCannotBeBuiltIsAnswered500AndWithdrawsReadinessUntilItCanAgain()
      throws Exception {
    statusBroken = true;

    for (String path : List.of("/", "/api/v1/apps", "/", "/api/v1/apps/redis/team-a/cache")) {
      HttpResponse<Buffer> failed = send(HttpMethod.GET, path, null, null, null);
      assertThat(failed.statusCode()).as(path).isEqualTo(500);
      assertThat(failed.bodyAsString()).as(path).contains("the status cannot be built");
    }
    assertThat(send(HttpMethod.GET, "/healthz", null, null, null).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> notReady = send(HttpMethod.GET, "/readyz", null, null, null);
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.bodyAsString()).contains("the status cannot be built");

    statusBroken = false;

    assertThat(send(HttpMethod.GET, "/readyz", null, null, null).statusCode())
        .as("readiness comes back without a visit of the page")
        .isEqualTo(200);
    assertThat(send(HttpMethod.GET, "/", null, null, null).statusCode()).isEqualTo(200);
    assertThat(send(HttpMethod.GET, "/api/v1/apps", null, null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void aLongListOfAppsIsAnsweredInParts() throws Exception {
    List<AppStatusView> apps = new java.util.ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      apps.add(
          new AppStatusView(
              "redis",
              "team-a",
              String.format("app-%04d", i),
              "synced",
              "0123456789abcdef",
              null,
              "in sync",
              List.of(),
              List.of()));
    }
    manyApps = apps;

    var first = send(HttpMethod.GET, "/api/v1/apps", null, null, null).bodyAsJsonObject();
    assertThat(first.getJsonArray("apps")).hasSize(500);
    assertThat(first.getJsonObject("page").getInteger("total")).isEqualTo(1200);
    assertThat(first.getJsonObject("page").getString("next")).isEqualTo("/api/v1/apps?offset=500");
    var last =
        send(HttpMethod.GET, "/api/v1/apps?offset=1000&limit=300", null, null, null)
            .bodyAsJsonObject();
    assertThat(last.getJsonArray("apps")).hasSize(200);
    assertThat(last.getJsonArray("apps").getJsonObject(0).getString("name")).isEqualTo("app-1000");
    assertThat(last.getJsonObject("page").getString("next")).isNull();
    assertThat(last.getJsonArray("files").getJsonObject(0).getString("path"))
        .isEqualTo("apps/bad\\u001b.yaml");

    String page = send(HttpMethod.GET, "/", null, null, null).bodyAsString();
    assertThat(page.split("<tr id=\"app-", -1)).hasSize(501);
    assertThat(page)
        .contains("1200 apps")
        .contains("Apps 1–500 of 1200")
        .contains("<a href=\"?offset=500\">next</a>")
        .contains("<table id=\"files\">")
        .contains("apps/bad\\u001b.yaml:4:9 metadata.name");
    assertThat(send(HttpMethod.GET, "/?offset=500", null, null, null).bodyAsString())
        .contains("id=\"app-redis-team-a-app-0500\"")
        .doesNotContain("id=\"app-redis-team-a-app-0499\"");
    assertThat(send(HttpMethod.GET, "/api/v1/apps?limit=none", null, null, null).statusCode())
        .isEqualTo(400);
    assertThat(send(HttpMethod.GET, "/?offset=-1", null, null, null).statusCode()).isEqualTo(400);
  }
}
