package io.mooring.chart;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.daemon.RequiredBinary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A real Prometheus server (Debian package {@code prometheus}) on loopback that scrapes one Mooring
 * metrics endpoint every second and evaluates the shipped alert rules, for tests that ask it what
 * the dashboard and the alerts would show. Point it at any target serving {@code /metrics}: a
 * running daemon or a fixed exposition.
 */
final class LivePrometheus implements AutoCloseable {
  static final String JOB = "mooring";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final URI api;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private LivePrometheus(Process process, URI api, Path log) {
    this.process = process;
    this.api = api;
    this.log = log;
  }

  /**
   * Starts Prometheus scraping {@code target} ({@code 127.0.0.1:port}) with {@code honor_labels},
   * as the chart's ServiceMonitor does, and waits until it answers queries.
   */
  static LivePrometheus scraping(String target, Path workDir) {
    Path binary = RequiredBinary.require("prometheus", "prometheus");
    int port = freeLoopbackPort();
    Path config = workDir.resolve("prometheus.yml");
    Path log = workDir.resolve("prometheus.log");
    write(
        config,
        String.join(
            "\n",
            "global:",
            "  scrape_interval: 1s",
            "  evaluation_interval: 1s",
            "rule_files:",
            "  - " + ChartFiles.alertRules().toAbsolutePath(),
            "scrape_configs:",
            "  - job_name: " + JOB,
            "    honor_labels: true",
            "    static_configs:",
            "      - targets: ['" + target + "']",
            ""));
    ProcessBuilder builder =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LivePrometheus prometheus =
        new LivePrometheus(process, URI.create("http://127.0.0.1:" + port + "/api/v1/"), log);
    try {
      prometheus.awaitReady();
    } catch (RuntimeException | Error e) {
      prometheus.close();
      throw e;
    }
    return prometheus;
  }

  /** Waits until the target has been scraped successfully {@code scrapes} times. */
  void awaitScrapes(int scrapes, Duration timeout) {
    String expr =
        "count_over_time(up{job=\""
            + JOB
            + "\"}[5m]) >= "
            + scrapes
            + " and up{job=\""
            + JOB
            + "\"} == 1";
    await("Prometheus scraped " + JOB + " " + scrapes + " times")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !query(expr).isEmpty());
  }

  /**
   * Waits until the target has been scraped {@code scrapes} times after {@code since} and the rules
   * have been evaluated on the last of those samples: then rates see the change, and alerts have
   * reacted to it.
   */
  void awaitScrapesAndEvaluationAfter(Instant since, int scrapes, Duration timeout) {
    Set<Instant> seen = new TreeSet<>();
    await(scrapes + " scrapes of " + JOB + " after " + since)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              for (JsonNode sample : query("timestamp(up{job=\"" + JOB + "\"} == 1)")) {
                Instant scraped = epochSeconds(sample.path("value").get(1).asDouble());
                if (scraped.isAfter(since)) {
                  seen.add(scraped);
                }
              }
              return seen.size() >= scrapes;
            });
    Instant lastScrape = ((TreeSet<Instant>) seen).last();
    await("the rules evaluated after the scrape at " + lastScrape)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              JsonNode groups = ruleGroups();
              boolean all = groups.size() > 0;
              for (JsonNode group : groups) {
                all &= Instant.parse(group.path("lastEvaluation").asText()).isAfter(lastScrape);
              }
              return all;
            });
  }

  /** The {@code data.result} array of an instant query at the current time. */
  JsonNode query(String expr) {
    JsonNode response = get("query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    if (!"success".equals(response.path("status").asText())) {
      throw new AssertionError("query failed: " + expr + ": " + response);
    }
    return response.path("data").path("result");
  }

  /** The rule groups as Prometheus loaded and last evaluated them ({@code /api/v1/rules}). */
  JsonNode ruleGroups() {
    return get("rules").path("data").path("groups");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady() {
    try {
      await("Prometheus ready")
          .atMost(STARTUP)
          .pollInterval(Duration.ofMillis(100))
          .failFast("Prometheus exited", () -> !process.isAlive())
          .until(this::answersReady);
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      throw new AssertionError(e.getMessage() + "; its log: " + readLog(), e);
    }
  }

  private boolean answersReady() throws InterruptedException {
    try {
      return http.send(
                  HttpRequest.newBuilder(api.resolve("/-/ready")).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException notListeningYet) {
      return false;
    }
  }

  private static Instant epochSeconds(double seconds) {
    return Instant.ofEpochMilli(Math.round(seconds * 1000));
  }

  private JsonNode get(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String readLog() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
