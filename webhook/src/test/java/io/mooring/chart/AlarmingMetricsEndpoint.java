package io.mooring.chart;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves {@code /metrics} in the text format Mooring's Prometheus registry writes, with every metric
 * of the daemon's contract, in a state where each alert's condition holds: a long drift, a failed
 * app, a blocked prune, an invalid spec, failing fetches and no leader. Counters grow on each scrape
 * so that rates are not empty.
 */
final class AlarmingMetricsEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger scrapes = new AtomicInteger();

  private AlarmingMetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  static AlarmingMetricsEndpoint start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      AlarmingMetricsEndpoint endpoint = new AlarmingMetricsEndpoint(server);
      server.createContext("/metrics", endpoint::serve);
      server.start();
      return endpoint;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:port}, as a Prometheus scrape target. */
  String target() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void serve(HttpExchange exchange) throws IOException {
    byte[] body = exposition(scrapes.incrementAndGet(), System.currentTimeMillis() / 1000).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String exposition(int n, long now) {
    String cache = "kind=\"redis\",namespace=\"team-a\",app=\"cache\"";
    String events = "kind=\"nats\",namespace=\"team-b\",app=\"events\"";
    String sessions = "kind=\"redis\",namespace=\"team-b\",app=\"sessions\"";
    StringBuilder text = new StringBuilder();
    text.append("# TYPE mooring_app_status gauge\n");
    for (String status : new String[] {"synced", "drifted", "invalid", "failed", "blocked"}) {
      text.append(line("mooring_app_status", cache + ",status=\"" + status + "\"", status.equals("drifted") ? 1 : 0));
      text.append(line("mooring_app_status", events + ",status=\"" + status + "\"", status.equals("failed") ? 1 : 0));
      text.append(line("mooring_app_status", sessions + ",status=\"" + status + "\"", status.equals("blocked") ? 1 : 0));
    }
    text.append("# TYPE mooring_drifted_objects gauge\n").append(line("mooring_drifted_objects", cache, 2));
    text.append("# TYPE mooring_drifted_fields gauge\n").append(line("mooring_drifted_fields", cache, 5));
    text.append("# TYPE mooring_app_drift_since_timestamp_seconds gauge\n")
        .append(line("mooring_app_drift_since_timestamp_seconds", cache, now - 20 * 60));
    histogram(text, "mooring_reconcile_duration_seconds", "trigger=\"webhook\",result=\"drifted\",", n);
    histogram(text, "mooring_push_to_applied_seconds", "", n);
    text.append("# TYPE mooring_apply_total counter\n")
        .append(line("mooring_apply_total", "action=\"apply\",resource=\"StatefulSet\"", n))
        .append(line("mooring_apply_total", "action=\"create\",resource=\"Secret\"", n));
    text.append("# TYPE mooring_prune_blocked gauge\n").append(line("mooring_prune_blocked", sessions, 1));
    text.append("# TYPE mooring_invalid_specs gauge\n").append("mooring_invalid_specs 1\n");
    text.append("# TYPE mooring_webhook_requests_total counter\n")
        .append(line("mooring_webhook_requests_total", "provider=\"github\",outcome=\"triggered\"", n))
        .append(line("mooring_webhook_requests_total", "provider=\"gitlab\",outcome=\"unauthorized\"", n));
    // Micrometer writes a timer as a summary plus a separate _max gauge.
    text.append("# TYPE mooring_git_fetch_duration_seconds summary\n")
        .append(line("mooring_git_fetch_duration_seconds_count", "result=\"failure\"", n))
        .append(line("mooring_git_fetch_duration_seconds_sum", "result=\"failure\"", n * 0.25))
        .append("# TYPE mooring_git_fetch_duration_seconds_max gauge\n")
        .append(line("mooring_git_fetch_duration_seconds_max", "result=\"failure\"", 0.5));
    text.append("# TYPE mooring_git_last_success_timestamp_seconds gauge\n")
        .append("mooring_git_last_success_timestamp_seconds ").append(now - 15 * 60).append('\n');
    text.append("# TYPE mooring_git_consecutive_failures gauge\n").append("mooring_git_consecutive_failures 12\n");
    text.append("# TYPE mooring_leader gauge\n").append("mooring_leader 0\n");
    return text.toString();
  }

  private static void histogram(StringBuilder text, String name, String labels, int n) {
    text.append("# TYPE ").append(name).append(" histogram\n");
    double[] bounds = {0.1, 0.5, 1, 5};
    for (int i = 0; i < bounds.length; i++) {
      text.append(line(name + "_bucket", labels + "le=\"" + bounds[i] + "\"", n * (i + 1)));
    }
    text.append(line(name + "_bucket", labels + "le=\"+Inf\"", n * (bounds.length + 1)))
        .append(line(name + "_sum", labels.replaceAll(",$", ""), n * 2.5))
        .append(line(name + "_count", labels.replaceAll(",$", ""), n * (bounds.length + 1)));
  }

  private static String line(String name, String labels, double value) {
    return name + (labels.isEmpty() ? "" : "{" + labels + "}") + " " + value + "\n";
  }
}
