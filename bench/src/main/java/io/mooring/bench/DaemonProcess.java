package io.mooring.bench;

import java.io.IOException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mooring serve} in its own JVM, started from the CLI's jar with the chart's JVM options,
 * and read through its HTTP routes and {@code jcmd}.
 */
public final class DaemonProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final int port;

  private DaemonProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the daemon in apply mode with its timers far away; its output goes to {@code log}. */
  public static DaemonProcess start(
      Path jar, ChartJvmSettings jvm, Path kubeconfig, String repoUrl, Path dataDir, Path log)
      throws IOException {
    return start(
        jar, jvm, kubeconfig, repoUrl, dataDir, log, List.of("--leader-election=false"), Map.of());
  }

  /**
   * Starts the daemon as above with {@code options} added to its command line and {@code
   * environment} to its environment.
   */
  public static DaemonProcess start(
      Path jar,
      ChartJvmSettings jvm,
      Path kubeconfig,
      String repoUrl,
      Path dataDir,
      Path log,
      List<String> options,
      Map<String, String> environment)
      throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm.commandLine());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(
        List.of(
            "serve",
            "--repo",
            repoUrl,
            "--branch",
            BenchDaemon.BRANCH,
            "--path",
            "apps",
            "--kubeconfig",
            kubeconfig.toString(),
            "--http-address",
            "127.0.0.1",
            "--http-port",
            Integer.toString(port),
            "--webhook-port",
            Integer.toString(port),
            "--data-dir",
            dataDir.toString(),
            "--poll-interval",
            "1h",
            "--resync-interval",
            "1h"));
    command.addAll(options);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    return new DaemonProcess(process, port);
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** The port of its HTTP routes and webhooks. */
  public int port() {
    return port;
  }

  /** Ends the process at once (SIGKILL), as a crashed node or an OOM kill does: no shutdown. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** Its Prometheus exposition, from {@code /metrics}. */
  public String metrics() throws IOException {
    return get("/metrics").body();
  }

  /** True once {@code /readyz} answers 200: the first sync is done. */
  public boolean ready() {
    try {
      return get("/readyz").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** Apps reconciled so far, by any trigger ({@code mooring_reconcile_duration_seconds_count}). */
  public long reconciled() {
    try {
      return (long) sum(get("/metrics").body(), "mooring_reconcile_duration_seconds_count", "");
    } catch (IOException e) {
      return -1;
    }
  }

  /** Heap used right after two full collections, from the daemon's own JVM metrics. */
  public long heapAfterGc() throws IOException {
    for (int i = 0; i < 2; i++) {
      jcmd("GC.run");
    }
    return (long) sum(get("/metrics").body(), "jvm_memory_used_bytes", "area=\"heap\"");
  }

  /** The process's resident set in bytes. */
  public long rss() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for process " + process.pid());
  }

  /**
   * What the JVM has committed, by its own account ({@code jcmd VM.native_memory summary}), in KiB
   * by category ("Java Heap", "Class", "Thread", "Code", "GC", ...), plus "threads" counting them;
   * empty unless the process runs with {@code -XX:NativeMemoryTracking=summary}.
   */
  public Map<String, Long> nativeMemoryKib() throws IOException {
    return nativeMemoryKib(jcmd("VM.native_memory summary"));
  }

  static Map<String, Long> nativeMemoryKib(String summary) {
    Map<String, Long> committed = new LinkedHashMap<>();
    for (String line : summary.split("\n", -1)) {
      Matcher category = NMT_CATEGORY.matcher(line);
      Matcher threads = NMT_THREADS.matcher(line);
      if (category.find()) {
        committed.put(category.group(1).trim(), Long.parseLong(category.group(2)));
      } else if (threads.find()) {
        committed.put("threads", Long.parseLong(threads.group(1)));
      }
    }
    return committed;
  }

  /**
   * The {@code limit} classes whose live instances take the most heap ({@code jcmd
   * GC.class_histogram}, which collects first), as "class name" to bytes, largest first.
   */
  public Map<String, Long> largestOnHeap(int limit) throws IOException {
    return largestOnHeap(jcmd("GC.class_histogram"), limit);
  }

  static Map<String, Long> largestOnHeap(String histogram, int limit) {
    Map<String, Long> bytes = new LinkedHashMap<>();
    for (String line : histogram.split("\n", -1)) {
      Matcher row = HISTOGRAM_ROW.matcher(line);
      if (row.find() && bytes.size() < limit) {
        bytes.put(row.group(2), Long.parseLong(row.group(1)));
      }
    }
    return bytes;
  }

  private static final Pattern HISTOGRAM_ROW =
      Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");

  private static final Pattern NMT_CATEGORY =
      Pattern.compile("^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
  private static final Pattern NMT_THREADS = Pattern.compile("^\\s+\\(thread #(\\d+)\\)");

  private String jcmd(String command) throws IOException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(process.pid())));
    line.addAll(List.of(command.split(" ", -1)));
    try {
      Process run = new ProcessBuilder(line).redirectErrorStream(true).start();
      String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
        throw new IOException("jcmd " + command + " failed");
      }
      return output;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The sum of a Prometheus metric's samples whose labels contain {@code labelPart}. */
  static double sum(String exposition, String metric, String labelPart) {
    double total = 0;
    for (String line : exposition.split("\n", -1)) {
      if (line.startsWith(metric) && !line.startsWith("#")) {
        String rest = line.substring(metric.length());
        if ((rest.startsWith("{") || rest.startsWith(" ")) && rest.contains(labelPart)) {
          total += Double.parseDouble(rest.substring(rest.lastIndexOf(' ') + 1));
        }
      }
    }
    return total;
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(30))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
