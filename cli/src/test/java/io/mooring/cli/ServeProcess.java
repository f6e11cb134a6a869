package io.mooring.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code mooring serve} in a JVM of its own, as a container runs it: what it writes to stdout is
 * kept line by line, and {@link #stop()} sends it SIGTERM.
 */
final class ServeProcess implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;
  final int port;

  private ServeProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // The process ended; what it wrote is kept.
              }
            },
            "serve-stdout");
    reader.start();
  }

  /** Starts {@code mooring serve --sandbox} on a free loopback port with these extra options. */
  static ServeProcess start(Path dataDir, Map<String, String> environment, String... options)
      throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(
        List.of(
            "serve",
            "--sandbox",
            "--data-dir",
            dataDir.toString(),
            "--http-address",
            "127.0.0.1",
            "--http-port",
            String.valueOf(port),
            // Webhooks on the same port: one free port to find, one address for the tests.
            "--webhook-port",
            String.valueOf(port),
            "--poll-interval",
            "1h",
            "--resync-interval",
            "1h"));
    command.addAll(List.of(options));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectError(dataDir.resolveSibling(dataDir.getFileName() + "-stderr.txt").toFile());
    builder.environment().putAll(environment);
    return new ServeProcess(builder.start(), port);
  }

  /** Every line written to stdout so far. */
  List<String> lines() {
    return List.copyOf(lines);
  }

  /** SIGTERM, then waits for the process to exit and for its last lines. */
  List<String> stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("mooring serve did not stop within 90 s of SIGTERM");
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    return lines();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
