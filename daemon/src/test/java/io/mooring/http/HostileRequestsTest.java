package io.mooring.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mooring.status.AppStatusView;
import io.mooring.status.FileProblemsView;
import io.mooring.webhook.GithubSignature;
import io.mooring.webhook.RecentDeliveries;
import io.mooring.webhook.WebhookPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Requests as a careless or hostile client sends them, straight over a socket. */
class HostileRequestsTest {
  private static final String SECRET = "hook-secret";
  private Vertx vertx;
  private HttpServer server;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ListAppender<ILoggingEvent> webhookLines = new ListAppender<>();

  private final StatusSource status =
      new StatusSource() {
        @Override
        public List<AppStatusView> apps() {
          return List.of();
        }

        @Override
        public List<FileProblemsView> files() {
          return List.of();
        }

        @Override
        public StatusPage.DaemonSummary summary() {
          return new StatusPage.DaemonSummary(
              "https://github.com/acme/config.git",
              "main",
              null,
              "apply",
              true,
              null,
              null,
              List.of(),
              Map.of());
        }

        @Override
        public boolean ready() {
          return true;
        }
      };

  @BeforeEach
  void start() throws Exception {
    webhookLines.start();
    ((Logger) LoggerFactory.getLogger(WebhookRoutes.class)).addAppender(webhookLines);
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    WebhookPolicy policy =
        new WebhookPolicy(
            "https://github.com/acme/config.git",
            "main",
            SECRET.getBytes(StandardCharsets.UTF_8),
            null,
            new RecentDeliveries(100));
    new WebhookRoutes(policy, nanos -> {}, registry, 1024 * 1024, 5000).mount(router);
    new ManagementRoutes(status, registry).mount(router);
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    ((Logger) LoggerFactory.getLogger(WebhookRoutes.class)).detachAppender(webhookLines);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aMalformedChunkedBodyIsRefusedSoTheSenderRecordsAFailedDelivery() throws Exception {
    String answer =
        exchange(
            String.join(
                "\r\n",
                "POST /hooks/github HTTP/1.1",
                "Host: mooring",
                "X-GitHub-Event: push",
                "Transfer-Encoding: chunked",
                "Connection: close",
                "",
                "zz",
                "{\"ref\":1}",
                "0",
                "",
                ""));

    assertThat(answer).startsWith("HTTP/1.1 400 ");
    assertThat(body(answer)).contains("\"outcome\":\"malformed\"");
    assertThat(registry.scrape())
        .contains("mooring_webhook_requests_total{outcome=\"malformed\",provider=\"github\"} 1.0");
  }

  @Test
  void headIsAnsweredLikeGetWithoutABody() throws Exception {
    String get = exchange("GET / HTTP/1.1\r\nHost: mooring\r\nConnection: close\r\n\r\n");
    String head = exchange("HEAD / HTTP/1.1\r\nHost: mooring\r\nConnection: close\r\n\r\n");

    assertThat(get).startsWith("HTTP/1.1 200 ");
    assertThat(body(get)).contains("<html");
    assertThat(head).startsWith("HTTP/1.1 200 ").containsIgnoringCase("content-type: text/html");
    assertThat(body(head)).isEmpty();
    assertThat(exchange("HEAD /healthz HTTP/1.1\r\nHost: mooring\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 200 ");
  }

  @Test
  void aFloodOfUnsignedWebhooksIsCountedButLoggedOnce() throws Exception {
    int requests = 200;
    for (int i = 0; i < requests; i++) {
      assertThat(exchange(post("push", null, "{}"))).startsWith("HTTP/1.1 401 ");
    }

    assertThat(registry.scrape())
        .contains(
            "mooring_webhook_requests_total{outcome=\"unauthorized\",provider=\"github\"} "
                + requests
                + ".0");
    assertThat(webhookLines.list)
        .as("one line for the first refusal; the next ones within a minute are only counted")
        .hasSize(1);
    assertThat(values(webhookLines.list.get(0)))
        .containsEntry("outcome", "unauthorized")
        .containsEntry("status", "401");
  }

  @Test
  void valuesFromASignedWebhookAreLoggedAsValuesNotAsPartOfTheMessage() throws Exception {
    String ref = "refs/heads/x\\n2026-01-01 INFO forged line \\u001b[31m";
    String body =
        "{\"ref\":\""
            + ref
            + "\",\"repository\":{\"clone_url\":\"https://github.com/acme/config.git\"}}";

    assertThat(exchange(post("push", GithubSignature.sign(SECRET, bytes(body)), body)))
        .startsWith("HTTP/1.1 202 ");
    assertThat(exchange(post("push\"quoted", GithubSignature.sign(SECRET, bytes(body)), body)))
        .startsWith("HTTP/1.1 202 ");

    assertThat(webhookLines.list).hasSize(2);
    assertThat(webhookLines.list)
        .allSatisfy(line -> assertThat(line.getFormattedMessage()).isEqualTo("webhook"))
        .allSatisfy(line -> assertThat(values(line)).containsEntry("outcome", "ignored"));
    assertThat(values(webhookLines.list.get(0)).get("reason"))
        .contains("x\n2026-01-01 INFO forged line \u001b[31m");
    assertThat(values(webhookLines.list.get(1)).get("reason")).contains("push\"quoted");
  }

  private static Map<String, String> values(ILoggingEvent line) {
    return line.getKeyValuePairs().stream()
        .collect(Collectors.toMap(pair -> pair.key, pair -> String.valueOf(pair.value)));
  }

  private static String post(String event, String signature, String body) {
    return "POST /hooks/github HTTP/1.1\r\nHost: mooring\r\nX-GitHub-Event: "
        + event
        + "\r\n"
        + (signature == null ? "" : "X-Hub-Signature-256: " + signature + "\r\n")
        + "Content-Type: application/json\r\nContent-Length: "
        + bytes(body).length
        + "\r\nConnection: close\r\n\r\n"
        + body;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Sends one request as written and reads the whole answer (the server closes after it). */
  private String exchange(String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.actualPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String body(String answer) {
    return answer.substring(answer.indexOf("\r\n\r\n") + 4);
  }
}
