package io.mooring.core.rediscluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Redis Cluster pods as redis-server processes on loopback: pod {@code shard-i-j} keeps its data
 * directory (its volume, with nodes.conf and the AOF) across restarts, and gets an address from the
 * current generation's block, so a full restart can come back on new addresses as pods do. Until
 * the cluster renderer exists, the config a pod gets is written here.
 */
final class LoopbackClusterPods implements AutoCloseable {
  private final Path root;
  private final String password;
  private final Map<String, Process> running = new LinkedHashMap<>();
  private final Map<String, NodeAddress> addresses = new LinkedHashMap<>();
  private final Optional<LoopbackClusterTls> tls;
  final int port;

  LoopbackClusterPods(Path root, String password) {
    this(root, password, Optional.empty());
  }

  /** With {@code tls}, every pod serves, replicates and runs the bus over TLS only. */
  LoopbackClusterPods(Path root, String password, Optional<LoopbackClusterTls> tls) {
    this.root = root;
    this.password = password;
    this.tls = tls;
    this.port = freePort();
  }

  /** Generation 0 uses 127.0.0.100-139, generation 1 127.0.0.140-179: never the same IP. */
  static String ip(int generation, int shard, int ordinal) {
    return "127.0.0." + (100 + 40 * generation + shard * 5 + ordinal);
  }

  static String name(int shard, int ordinal) {
    return "shard-" + shard + "-" + ordinal;
  }

  NodeAddress address(int shard, int ordinal) {
    NodeAddress address = addresses.get(name(shard, ordinal));
    if (address == null) {
      throw new AssertionError(name(shard, ordinal) + " never started");
    }
    return address;
  }

  /** The pods of a layout: shards 0..shards-1, each with ordinals 0..podsPerShard-1. */
  List<List<NodeAddress>> shards(int shards, int podsPerShard) {
    return IntStream.range(0, shards)
        .mapToObj(s -> IntStream.range(0, podsPerShard).mapToObj(o -> address(s, o)).toList())
        .toList();
  }

  synchronized void start(int generation, int shard, int ordinal) {
    String name = name(shard, ordinal);
    String ip = ip(generation, shard, ordinal);
    Path dir = root.resolve(name);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("redis.conf"), config(ip, dir), StandardCharsets.UTF_8);
      Process process =
          new ProcessBuilder("redis-server", dir.resolve("redis.conf").toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pod.log").toFile()))
              .start();
      running.put(name, process);
      addresses.put(name, new NodeAddress(ip, port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await(name + " answers PING")
        .atMost(Duration.ofSeconds(30))
        .until(() -> "PONG".equals(cli(ip, "PING")));
  }

  /**
   * What the renderer must write for a cluster pod: cluster mode with its state file on the volume,
   * a short node timeout so that failover is quick, AOF, auth for clients and replicas, and the
   * pod's name announced.
   */
  private String config(String ip, Path dir) {
    String plain =
        String.join(
            "\n",
            "bind " + ip,
            // Loopback only: connections would leave from 127.0.0.1 and peers would learn that as
            // the node's address. A pod has one IP, so the renderer needs no such line.
            "bind-source-addr " + ip,
            "port " + port,
            "protected-mode no",
            "daemonize no",
            "dir " + dir,
            "cluster-enabled yes",
            "cluster-config-file nodes.conf",
            "cluster-node-timeout 2000",
            // In a cluster: the pod's stable DNS name, and cluster-preferred-endpoint-type
            // hostname,
            // so clients (Lettuce reads the hostname from CLUSTER NODES) follow a pod to its new
            // IP.
            // Pod names do not resolve on loopback, so the name announced here is the IP written as
            // a host name: clients still go through the hostname path.
            "cluster-announce-hostname " + ip,
            "cluster-preferred-endpoint-type hostname",
            "appendonly yes",
            "appendfsync everysec",
            "save \"\"",
            "requirepass " + password,
            "masterauth " + password,
            "");
    return tls.map(t -> plain + t.directives(port)).orElse(plain);
  }

  /** SIGTERM, as the kubelet stops a deleted pod: the server finishes its append-only file. */
  void stopGracefully(int shard, int ordinal) {
    Process process;
    synchronized (this) {
      process = running.remove(name(shard, ordinal));
    }
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** SIGKILL: the pod dies without saving or saying goodbye. */
  synchronized void kill(int shard, int ordinal) {
    Process process = running.remove(name(shard, ordinal));
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * SIGSTOP: the pod answers nothing, on the client port or the cluster bus, until {@link #thaw};
   * what reaches it meanwhile waits in its sockets, as with a node stalled on a loaded machine.
   */
  void freeze(int shard, int ordinal) {
    signal(shard, ordinal, "-STOP");
  }

  /** SIGCONT: the frozen pod goes on with what reached it meanwhile. */
  void thaw(int shard, int ordinal) {
    signal(shard, ordinal, "-CONT");
  }

  private void signal(int shard, int ordinal, String signal) {
    Process process;
    synchronized (this) {
      process = running.get(name(shard, ordinal));
    }
    if (process == null) {
      throw new AssertionError(name(shard, ordinal) + " is not running");
    }
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill " + signal + " " + name(shard, ordinal) + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  String log(int shard, int ordinal) {
    try {
      return Files.readString(root.resolve(name(shard, ordinal)).resolve("pod.log"));
    } catch (IOException e) {
      return "";
    }
  }

  /** One command through the real redis-cli, its raw reply, or "" when the pod does not answer. */
  String cli(String ip, String... args) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of("redis-cli", "--no-auth-warning", "-h", ip, "-p", Integer.toString(port)));
    tls.ifPresent(t -> command.addAll(t.cliOptions()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("REDISCLI_AUTH", password);
    try {
      Process process = builder.start();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "";
      }
      String out =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return out.startsWith("Could not connect") ? "" : out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  @Override
  public synchronized void close() {
    running.values().forEach(Process::destroyForcibly);
    running.clear();
  }

  /** A port free, with its bus port (+10000), on every address either generation may use. */
  private static int freePort() {
    List<String> ips =
        IntStream.range(0, 2)
            .boxed()
            .flatMap(
                g ->
                    IntStream.range(0, 5)
                        .boxed()
                        .flatMap(s -> IntStream.range(0, 3).mapToObj(o -> ip(g, s, o))))
            .toList();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20000, 30000);
      if (ips.stream().allMatch(ip -> bindable(ip, port) && bindable(ip, port + 10000))) {
        return port;
      }
    }
    throw new IllegalStateException("no free port pair on " + ips);
  }

  private static boolean bindable(String ip, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
