package io.mooring.chart;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis alerts against the real thing: Debian's redis-server (a master and its replica, and a
 * cluster node with no slots), redis-sentinel watching the master with a quorum it cannot reach, a
 * prometheus-redis-exporter in front of each, and Prometheus evaluating redis-alerts.yaml (with its
 * {@code for:} waits cut to nothing). Every metric the rules read has series; stopping the master
 * makes "instance down" and "replication broken" fire.
 */
class LiveRedisAlertsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  @TempDir Path dir;
  private final Deque<Process> processes = new ArrayDeque<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private URI api;

  @AfterEach
  void stop() throws InterruptedException {
    while (!processes.isEmpty()) {
      Process process = processes.pop();
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void everyRedisMetricHasSeriesAndDownAndBrokenReplicationFire() throws Exception {
    int master = port();
    int replica = port();
    int node = port();
    int sentinel = port();
    Process masterServer = redis("master", master);
    redis("replica", replica, "--replicaof", "127.0.0.1", Integer.toString(master));
    redis(
        "node",
        node,
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        dir.resolve("nodes.conf").toString());
    Path sentinelConf = dir.resolve("sentinel.conf");
    Files.writeString(
        sentinelConf,
        "port "
            + sentinel
            + "\nbind 127.0.0.1\ndir "
            + dir
            + "\n"
            + "sentinel monitor mymaster 127.0.0.1 "
            + master
            + " 2\n");
    start(
        "sentinel",
        RequiredBinary.require("redis-sentinel", "redis-sentinel").toString(),
        sentinelConf.toString());

    StringBuilder targets = new StringBuilder();
    for (int redisPort : new int[] {master, replica, node, sentinel}) {
      int exporter = port();
      start(
          "exporter-" + redisPort,
          RequiredBinary.require("prometheus-redis-exporter", "prometheus-redis-exporter")
              .toString(),
          "--redis.addr=redis://127.0.0.1:" + redisPort,
          "--web.listen-address=127.0.0.1:" + exporter);
      targets.append("'127.0.0.1:").append(exporter).append("',");
    }
    startPrometheus(targets.substring(0, targets.length() - 1));

    Set<String> metrics = new TreeSet<>();
    for (JsonNode alert : RedisAlertRulesIT.alerts()) {
      // Metric names, not label names such as redis_mode="standalone".
      Matcher names =
          Pattern.compile("redis_[a-z_]++(?!\\s*(?:=\\s*\"|!=|=~|!~))")
              .matcher(alert.path("expr").asText());
      while (names.find()) {
        metrics.add(names.group());
      }
    }
    assertThat(metrics).hasSizeGreaterThan(10);
    for (String metric : metrics) {
      await(metric + " has series").atMost(PATIENCE).until(() -> !query(metric).isEmpty());
    }
    await("the replica is linked")
        .atMost(PATIENCE)
        .until(() -> !query("redis_master_link_up == 1").isEmpty());
    // Until the first scrape of every target, the replica can be seen before its master, or
    // before its link is up; the rules then fire for one evaluation. A healthy pair must settle
    // with none of them firing, so wait for that rather than sample one evaluation.
    await("a healthy master and replica fire nothing")
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(firing())
                    .doesNotContain("RedisDown", "RedisReplicationBroken", "RedisNoMaster"));
    await("quorum lost and the empty cluster are alerts")
        .atMost(PATIENCE)
        .until(
            () ->
                firing()
                    .containsAll(
                        List.of(
                            "RedisSentinelQuorumLost",
                            "RedisClusterStateNotOk",
                            "RedisClusterSlotsUncovered")));

    masterServer.destroy();
    masterServer.waitFor(10, TimeUnit.SECONDS);
    await("the master is down and the replica's link broken")
        .atMost(PATIENCE)
        .until(() -> firing().containsAll(List.of("RedisDown", "RedisReplicationBroken")));
  }

  private Process redis(String name, int port, String... extra) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                RequiredBinary.require("redis-server", "redis-server").toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--maxmemory",
                "64mb",
                "--dir",
                dir.toString()));
    command.addAll(List.of(extra));
    return start(name, command.toArray(String[]::new));
  }

  private void startPrometheus(String targets) throws IOException {
    // The rules as shipped, with their waits cut so that the test sees them fire.
    Path rules = dir.resolve("redis-alerts.yaml");
    Files.writeString(
        rules, Files.readString(RedisAlertRulesIT.rules()).replaceAll("for: \\d+m", "for: 0s"));
    int port = port();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "global:",
            "  scrape_interval: 1s",
            "  evaluation_interval: 1s",
            "rule_files:",
            "  - " + rules,
            "scrape_configs:",
            "  - job_name: redis",
            "    static_configs:",
            "      - targets: [" + targets + "]",
            "        labels: {namespace: team, service: cache-redis-exporter}",
            ""));
    start(
        "prometheus",
        RequiredBinary.require("prometheus", "prometheus").toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("tsdb"),
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn");
    api = URI.create("http://127.0.0.1:" + port + "/api/v1/");
    await("Prometheus answers")
        .atMost(PATIENCE)
        .ignoreExceptions()
        .until(() -> get("status/buildinfo") != null);
  }

  private Set<String> firing() {
    Set<String> names = new TreeSet<>();
    for (JsonNode alert : get("alerts").path("data").path("alerts")) {
      if ("firing".equals(alert.path("state").asText())) {
        names.add(alert.path("labels").path("alertname").asText());
      }
    }
    return names;
  }

  private JsonNode query(String expr) {
    return get("query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8))
        .path("data")
        .path("result");
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

  private Process start(String name, String... command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve(name + ".log").toFile())
              .start();
      processes.push(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int port() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
