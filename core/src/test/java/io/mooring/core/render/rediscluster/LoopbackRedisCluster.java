package io.mooring.core.render.rediscluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.redis.LoopbackProcesses;
import io.mooring.core.render.redis.RedisAuthSecret;
import io.mooring.core.render.redis.RedisCli;
import io.mooring.core.spec.RedisClusterSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a rendered Redis Cluster as processes on loopback, one redis-server per pod. Node {@code n}
 * (shard by shard, {@code n = shard * nodesPerShard + ordinal}) runs at 127.0.0.(60 + n), or
 * 127.0.0.(160 + n) after {@link #moveEveryNode()}, as pods that come back with new IPs. Everything
 * comes from the rendered objects: the ConfigMap's redis.conf and start script (run with /bin/sh),
 * the containers' commands and env (Secret references resolved as the kubelet would). Only
 * addresses, ports, paths and the DNS name to address mapping are substituted, and each node's
 * outgoing connections leave from its own address ({@code bind-source-addr}), as from a pod's IP. A
 * TLS cluster's certificate Secret is written where the pods mount it; Secrets the rendered objects
 * do not hold (an ACL user's own) are given.
 */
final class LoopbackRedisCluster implements AutoCloseable {
  private static final Pattern RESOLVES_LINE = Pattern.compile("(?m)^resolves\\(\\) \\{.*$");
  private static final Pattern ADDRESSES_LINE = Pattern.compile("(?m)^addresses_of\\(\\) \\{.*$");

  private final DesiredState state;
  private final RedisClusterSpec spec;
  private final RedisClusterNames names;
  private final Path root;
  private final LoopbackProcesses processes = new LoopbackProcesses();
  private final Process[] nodes;
  private final List<Secret> givenSecrets;
  private final Path tls;
  private int addressBase = 60;
  private volatile Set<String> leftOutEnv = Set.of();
  final int port;
  final int busPort;

  LoopbackRedisCluster(DesiredState state, RedisClusterSpec spec, Path root) {
    this(state, spec, root, List.of());
  }

  /** With {@code givenSecrets}, which the pods' environment may name besides the rendered ones. */
  LoopbackRedisCluster(
      DesiredState state, RedisClusterSpec spec, Path root, List<Secret> givenSecrets) {
    this.state = state;
    this.spec = spec;
    this.root = root;
    this.givenSecrets = List.copyOf(givenSecrets);
    this.names = new RedisClusterNames(state.app(), "cluster.local");
    this.nodes = new Process[spec.nodes()];
    this.tls = spec.tls().enabled() ? writeTlsFiles() : null;
    List<String> every = new ArrayList<>();
    for (int n = 0; n < spec.nodes(); n++) {
      every.add("127.0.0." + (60 + n));
      every.add("127.0.0." + (160 + n));
    }
    // The bus on the client port + 10000, as in a pod: CLUSTER MEET without a bus port, as the
    // orchestration sends it, means that one.
    int client;
    do {
      client = LoopbackProcesses.freePort(every);
    } while (!LoopbackProcesses.free(every, client + 10000));
    this.port = client;
    this.busPort = client + 10000;
  }

  int nodeCount() {
    return nodes.length;
  }

  String address(int node) {
    return "127.0.0." + (addressBase + node);
  }

  String fqdn(int node) {
    return names.podFqdn(node / spec.nodesPerShard(), node % spec.nodesPerShard());
  }

  String password() {
    Secret secret = object(Secret.class, names.authSecret());
    return new String(
        Base64.getDecoder().decode(secret.getData().get(RedisAuthSecret.PASSWORD_KEY)),
        StandardCharsets.UTF_8);
  }

  String call(int node, String... args) {
    return RedisCli.call(cliOptions(), password(), address(node), port, args);
  }

  /** One command as ACL user {@code user}. */
  String callAs(int node, String user, String password, String... args) {
    List<String> options = new ArrayList<>(cliOptions());
    options.addAll(List.of("--user", user));
    return RedisCli.call(options, password, address(node), port, args);
  }

  /** redis-cli's TLS options with the app's CA; none without TLS. */
  List<String> cliOptions() {
    return tls == null ? List.of() : List.of("--tls", "--cacert", tls.resolve("ca.crt").toString());
  }

  /** Where the certificate Secret's files are, as the pods mount them. */
  Path tlsDirectory() {
    return tls;
  }

  private Path writeTlsFiles() {
    Path dir = directory(root.resolve("tls"));
    object(Secret.class, names.tlsSecret())
        .getData()
        .forEach(
            (key, value) ->
                write(
                    dir.resolve(key),
                    new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    return dir;
  }

  /** Every node's start script, then its server, all at once as Parallel pod management does. */
  void startAll() {
    CompletableFuture.allOf(
            java.util.stream.IntStream.range(0, nodes.length)
                .mapToObj(n -> CompletableFuture.runAsync(() -> start(n)))
                .toArray(CompletableFuture[]::new))
        .join();
  }

  void killAll() {
    for (Process node : nodes) {
      LoopbackProcesses.kill(node);
    }
  }

  /**
   * Nodes started from now on run without these variables, as those of an older template that did
   * not have them; none left out again when empty.
   */
  void leaveOutEnv(Set<String> names) {
    leftOutEnv = Set.copyOf(names);
  }

  /** The pod is deleted: the kubelet's SIGTERM, so the server saves and says goodbye. */
  void stopGracefully(int node) {
    Process process = nodes[node];
    process.destroy();
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        LoopbackProcesses.kill(process);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Every pod is replaced by one with a new IP; the DNS names now resolve to those. */
  void moveEveryNode() {
    addressBase = 160;
  }

  /** What the node's start script and server printed, across its restarts. */
  String log(int node) {
    try {
      return Files.readString(root.resolve("node-" + node).resolve("pod.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path dataDirectory(int node) {
    return root.resolve("node-" + node).resolve("data");
  }

  /** The pod (back) on its volume: its start script with the current template, then its server. */
  void start(int node) {
    Path pod = directory(root.resolve("node-" + node));
    Path etc = directory(pod.resolve("etc"));
    Path data = directory(pod.resolve("data"));
    ConfigMap config = object(ConfigMap.class, names.config());
    config.getData().forEach((file, text) -> write(etc.resolve(file), text));
    write(etc.resolve("redis.conf"), nodeConf(config.getData().get("redis.conf"), node, data));
    write(etc.resolve("start.sh"), script(config.getData().get("start.sh"), etc, data));
    int shard = node / spec.nodesPerShard();
    String podName = names.pod(shard, node % spec.nodesPerShard());
    StatefulSet set = object(StatefulSet.class, names.shard(shard));
    Container init = set.getSpec().getTemplate().getSpec().getInitContainers().get(0);
    Container server = set.getSpec().getTemplate().getSpec().getContainers().get(0);
    Path log = pod.resolve("pod.log");
    processes.run(
        List.of("sh", etc.resolve("start.sh").toString()),
        env(init, podName),
        log,
        Duration.ofSeconds(60));
    List<String> command =
        server.getCommand().stream().map(arg -> arg.replace("/data/", data + "/")).toList();
    nodes[node] = processes.start(command, env(server, podName), log);
    await("node " + node + " answers PING")
        .atMost(Duration.ofSeconds(30))
        .until(() -> call(node, "PING").equals("PONG"));
  }

  /** The node's base config on its own address and our ports, with our paths. */
  private String nodeConf(String conf, int node, Path data) {
    String portLine = tls == null ? "port" : "tls-port";
    String out = conf;
    for (String[] swap :
        new String[][] {
          {"bind * -::*\n", "bind " + address(node) + "\nbind-source-addr " + address(node) + "\n"},
          {"\n" + portLine + " 6379\n", "\n" + portLine + " " + port + "\n"},
          {"\ncluster-port 16379\n", "\ncluster-port " + busPort + "\n"}
        }) {
      assertThat(out).contains(swap[0]);
      out = out.replace(swap[0], swap[1]);
    }
    out = out.replace(" /data/", " " + data + "/");
    return tls == null ? out : out.replace("/etc/mooring-tls/", tls + "/");
  }

  private String script(String script, Path etc, Path data) {
    String out = script;
    for (String[] swap :
        new String[][] {
          {"/etc/mooring/", etc + "/"},
          {"DATA_DIR=/data", "DATA_DIR=" + data}
        }) {
      assertThat(out).contains(swap[0]);
      out = out.replace(swap[0], swap[1]);
    }
    out = replaceLine(out, RESOLVES_LINE, "resolves() { [ -n \"$(addresses_of \"$1\")\" ]; }");
    return replaceLine(out, ADDRESSES_LINE, addressesFunction());
  }

  private static String replaceLine(String script, Pattern line, String replacement) {
    Matcher matcher = line.matcher(script);
    assertThat(matcher.find()).as("script defines %s", line).isTrue();
    return matcher.replaceFirst(Matcher.quoteReplacement(replacement));
  }

  /** The cluster's DNS as a shell function: each pod's stable name to its current address. */
  private String addressesFunction() {
    StringBuilder out = new StringBuilder("addresses_of() {\n  case \"$1\" in\n");
    for (int n = 0; n < nodes.length; n++) {
      out.append("    ").append(fqdn(n)).append(") echo ").append(address(n)).append(" ;;\n");
    }
    return out.append("  esac\n}").toString();
  }

  private Map<String, String> env(Container container, String podName) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar variable : container.getEnv()) {
      if (leftOutEnv.contains(variable.getName())) {
        continue;
      }
      SecretKeySelector ref = variable.getValueFrom().getSecretKeyRef();
      if (ref != null) {
        secretValue(ref.getName(), ref.getKey())
            .ifPresentOrElse(
                value -> env.put(variable.getName(), value),
                () ->
                    assertThat(ref.getOptional())
                        .as("%s of Secret %s exists", ref.getKey(), ref.getName())
                        .isTrue());
      } else {
        assertThat(variable.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        env.put(variable.getName(), podName);
      }
    }
    return env;
  }

  /** A key of a rendered or given Secret, as the kubelet resolves a secretKeyRef. */
  private Optional<String> secretValue(String secret, String key) {
    return java.util.stream.Stream.concat(
            state.objects().stream().filter(Secret.class::isInstance).map(Secret.class::cast),
            givenSecrets.stream())
        .filter(s -> s.getMetadata().getName().equals(secret))
        .map(s -> s.getData().get(key))
        .filter(java.util.Objects::nonNull)
        .findFirst()
        .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T object(
      Class<T> type, String name) {
    return state.objects().stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  @Override
  public void close() {
    processes.close();
  }

  private static Path directory(Path path) {
    try {
      return Files.createDirectories(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
