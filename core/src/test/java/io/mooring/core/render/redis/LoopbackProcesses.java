package io.mooring.core.render.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Server processes of a real-process test. Every process started here is killed by {@link
 * #close()}, which the tests call from their after-hooks, so a failing test leaves nothing running.
 */
public final class LoopbackProcesses implements AutoCloseable {
  private final List<Process> started = new ArrayList<>();

  public synchronized Process start(List<String> command, Map<String, String> env, Path log) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(key -> key.startsWith("REDIS"));
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      started.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command to completion; fails when it does not exit 0 within {@code timeout}. */
  public void run(List<String> command, Map<String, String> env, Path log, Duration timeout) {
    Process process = start(command, env, log);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish within " + timeout + "; see " + log);
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(command + " exited with " + process.exitValue() + "; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** SIGKILL, as a node that dies: no shutdown save, no goodbye to replicas or Sentinels. */
  public static void kill(Process process) {
    // Scripts leave background jobs running beside the server (the Sentinel's cleanup loop): they
    // go too.
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * SIGSTOP or SIGCONT to the process and its children. A stopped server keeps its connections open
   * but answers nothing, as a node behind a partition that drops packets.
   */
  public static void signal(Process process, String signal) {
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    command.add(Long.toString(process.pid()));
    process.descendants().forEach(child -> command.add(Long.toString(child.pid())));
    try {
      Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError(command + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public synchronized void close() {
    started.forEach(LoopbackProcesses::kill);
    started.clear();
  }

  /** A port free on every one of {@code addresses}, so that all pods of a role can share it. */
  public static int freePort(List<String> addresses) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20000, 40000);
      if (addresses.stream().allMatch(address -> bindable(address, port))) {
        return port;
      }
    }
    throw new IllegalStateException("no free port on " + addresses);
  }

  /** Whether {@code port} is free on every one of {@code addresses}. */
  public static boolean free(List<String> addresses, int port) {
    return addresses.stream().allMatch(address -> bindable(address, port));
  }

  private static boolean bindable(String address, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
