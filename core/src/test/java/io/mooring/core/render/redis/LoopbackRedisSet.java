package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Runs a rendered Redis app as processes on loopback: one process per pod, Redis pod {@code i} at
 * 127.0.0.(11+i), Sentinel {@code i} at 127.0.0.(21+i), all pods of a role on one port as in a
 * cluster. Everything comes from the rendered objects: ConfigMap files, start scripts (run with
 * /bin/sh), container commands and arguments, and env (Secret references resolved as the kubelet
 * would). Only addresses, ports, paths and the DNS name to address mapping are substituted.
 */
final class LoopbackRedisSet implements AutoCloseable {
  private static final Pattern RESOLVES_LINE = Pattern.compile("(?m)^resolves\\(\\) \\{.*$");
  private static final Pattern ADDRESSES_LINE = Pattern.compile("(?m)^addresses_of\\(\\) \\{.*$");

  private final DesiredState state;
  private final RedisNames names;
  private final int replicas;
  private final Path root;
  private final LoopbackProcesses processes = new LoopbackProcesses();
  private final Process[] redis;
  private final Process[] sentinels = new Process[RedisContext.SENTINELS];

  /**
   * Where each Sentinel pod runs now; a replaced pod gets a new address, as a new pod gets a new
   * IP.
   */
  private final String[] sentinelAddresses = new String[RedisContext.SENTINELS];

  private final Map<String, Secret> secrets = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile Set<String> leftOutEnv = Set.of();
  private int sentinelGeneration;

  /** Where the files of the app's TLS Secret are, as the pods mount them; null without TLS. */
  private final Path tls;

  final int redisPort;
  final int sentinelPort;
  final int exporterPort;
  final int proxyPort;

  LoopbackRedisSet(DesiredState state, int replicas, Path root) {
    this.state = state;
    this.replicas = replicas;
    this.root = root;
    this.names = new RedisNames(state.app(), "cluster.local");
    this.redis = new Process[replicas];
    List<String> redisAddresses =
        IntStream.range(0, replicas).mapToObj(LoopbackRedisSet::redisAddress).toList();
    for (int i = 0; i < sentinels.length; i++) {
      sentinelAddresses[i] = "127.0.0." + (21 + i);
    }
    this.redisPort = LoopbackProcesses.freePort(redisAddresses);
    this.sentinelPort =
        LoopbackProcesses.freePort(
            IntStream.rangeClosed(21, 29).mapToObj(i -> "127.0.0." + i).toList());
    this.exporterPort = LoopbackProcesses.freePort(List.of(exporterAddress()));
    this.proxyPort = LoopbackProcesses.freePort(List.of(proxyAddress()));
    this.tls = writeTlsFiles();
  }

  /** The TLS Secret's files in one directory every process reads, as each pod mounts them. */
  private Path writeTlsFiles() {
    return state.objects().stream()
        .filter(Secret.class::isInstance)
        .map(Secret.class::cast)
        .filter(s -> s.getMetadata().getName().equals(names.tlsSecret()))
        .findFirst()
        .map(
            secret -> {
              Path dir = directory("tls");
              secret
                  .getData()
                  .forEach(
                      (key, value) ->
                          write(
                              dir.resolve(key),
                              new String(
                                  Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
              return dir;
            })
        .orElse(null);
  }

  /** The directory holding the TLS files, which a renewal rewrites; null without TLS. */
  Path tlsDirectory() {
    return tls;
  }

  /** What redis-cli needs to reach the servers: with TLS, the CA to verify them against. */
  List<String> cliOptions() {
    return tls == null ? List.of() : List.of("--tls", "--cacert", tls.resolve("ca.crt").toString());
  }

  /** One command to a server of this app, as a client with the app's password does. */
  String cli(String host, int port, String... args) {
    return RedisCli.call(cliOptions(), password(), host, port, args);
  }

  static String redisAddress(int ordinal) {
    return "127.0.0." + (11 + ordinal);
  }

  String sentinelAddress(int index) {
    return sentinelAddresses[index];
  }

  static String exporterAddress() {
    return "127.0.0.31";
  }

  /** The password the pods get from the rendered Secret, or null when auth is off. */
  String password() {
    return state.objects().stream()
        .filter(Secret.class::isInstance)
        .map(Secret.class::cast)
        .filter(s -> s.getData().containsKey(RedisAuthModel.PASSWORD_KEY))
        .findFirst()
        .map(
            s ->
                new String(
                    Base64.getDecoder().decode(s.getData().get(RedisAuthModel.PASSWORD_KEY)),
                    StandardCharsets.UTF_8))
        .orElse(null);
  }

  int ordinalOf(String address) {
    return IntStream.range(0, replicas)
        .filter(i -> redisAddress(i).equals(address))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Redis pod at " + address));
  }

  /** The pod's volume is replaced by an empty one. */
  void wipeRedisVolume(int ordinal) {
    Path data = root.resolve("redis-" + ordinal).resolve("data");
    try (var files = Files.walk(data)) {
      files
          .sorted(java.util.Comparator.reverseOrder())
          .filter(path -> !path.equals(data))
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the pod's rendered start script, then its container command; waits for PING. */
  void startRedis(int ordinal) {
    Path pod = directory("redis-" + ordinal);
    Path etc = directory(pod.resolve("etc"));
    Path data = directory(pod.resolve("data"));
    ConfigMap config = object(ConfigMap.class, names.redisConfig());
    write(
        etc.resolve("redis.conf"),
        pods(config.getData().get("redis.conf"), redisAddress(ordinal))
            .replace("\"/data/", "\"" + data + "/"));
    config.getData().entrySet().stream()
        .filter(file -> !file.getKey().endsWith(".conf") && !file.getKey().endsWith(".sh"))
        .forEach(file -> write(etc.resolve(file.getKey()), file.getValue()));
    String start =
        paths(
            config.getData().get("start.sh"),
            Map.of("/etc/mooring/", etc + "/", "DATA_DIR=/data", "DATA_DIR=" + data));
    write(etc.resolve("start.sh"), start);
    StatefulSet set = object(StatefulSet.class, names.redis());
    String podName = names.pod(ordinal);
    Container init = set.getSpec().getTemplate().getSpec().getInitContainers().get(0);
    Container server = set.getSpec().getTemplate().getSpec().getContainers().get(0);
    Path log = pod.resolve("pod.log");
    processes.run(
        List.of("sh", etc.resolve("start.sh").toString()),
        env(init, podName, redisAddress(ordinal)),
        log,
        Duration.ofSeconds(60));
    List<String> command =
        server.getCommand().stream().map(arg -> arg.replace("/data/", data + "/")).toList();
    redis[ordinal] = processes.start(command, env(server, podName, redisAddress(ordinal)), log);
    await("Redis pod " + ordinal + " answers PING")
        .atMost(Duration.ofSeconds(30))
        .until(() -> cli(redisAddress(ordinal), redisPort, "PING").equals("PONG"));
  }

  /**
   * Starts pods together, as the StatefulSet's Parallel pod management does after a full restart.
   */
  void startRedisPods(int... ordinals) {
    CompletableFuture.allOf(
            IntStream.of(ordinals)
                .mapToObj(i -> CompletableFuture.runAsync(() -> startRedis(i)))
                .toArray(CompletableFuture[]::new))
        .join();
  }

  /** The container's preStop hook, then SIGTERM, as the kubelet stops a pod. */
  void stopRedisGracefully(int ordinal) {
    Path pod = root.resolve("redis-" + ordinal);
    write(
        pod.resolve("prestop.sh"),
        paths(object(ConfigMap.class, names.redisConfig()).getData().get("prestop.sh"), Map.of()));
    Container server =
        object(StatefulSet.class, names.redis())
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    processes.run(
        List.of("sh", pod.resolve("prestop.sh").toString()),
        env(server, names.pod(ordinal), redisAddress(ordinal)),
        pod.resolve("pod.log"),
        Duration.ofSeconds(90));
    redis[ordinal].destroy();
    try {
      assertThat(redis[ordinal].waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** What the pod's scripts and server printed, across its restarts. */
  String redisLog(int ordinal) {
    return read(root.resolve("redis-" + ordinal).resolve("pod.log"));
  }

  /** What every Sentinel pod started so far printed. */
  String sentinelLogs() {
    StringBuilder out = new StringBuilder();
    for (int generation = 1; generation <= sentinelGeneration; generation++) {
      for (int index = 0; index < sentinels.length; index++) {
        Path log =
            root.resolve(names.sentinel() + "-g" + generation + "-" + index).resolve("pod.log");
        if (Files.exists(log)) {
          out.append(read(log));
        }
      }
    }
    return out.toString();
  }

  void killRedis(int ordinal) {
    LoopbackProcesses.kill(redis[ordinal]);
  }

  /** The pod is cut off: it keeps its connections but neither sends nor answers (SIGSTOP). */
  void freezeRedis(int ordinal) {
    LoopbackProcesses.signal(redis[ordinal], "STOP");
  }

  void thawRedis(int ordinal) {
    LoopbackProcesses.signal(redis[ordinal], "CONT");
  }

  void freezeSentinel(int index) {
    LoopbackProcesses.signal(sentinels[index], "STOP");
  }

  void thawSentinel(int index) {
    LoopbackProcesses.signal(sentinels[index], "CONT");
  }

  /** A new Sentinel pod (new name, empty emptyDir), as a Deployment replaces one. */
  void startSentinel(int index) {
    sentinelGeneration++;
    String podName = names.sentinel() + "-g" + sentinelGeneration + "-" + index;
    Path pod = directory(podName);
    Path etc = directory(pod.resolve("etc"));
    Path work = directory(pod.resolve("work"));
    ConfigMap config = object(ConfigMap.class, names.sentinelConfig());
    write(
        etc.resolve("sentinel.conf"),
        pods(config.getData().get("sentinel.conf"), sentinelAddress(index)));
    // The rest of the ConfigMap, as the pod mounts it (Mooring's own users' file).
    config.getData().entrySet().stream()
        .filter(file -> !file.getKey().endsWith(".conf") && !file.getKey().endsWith(".sh"))
        .forEach(file -> write(etc.resolve(file.getKey()), file.getValue()));
    write(
        etc.resolve("start.sh"),
        paths(
            config.getData().get("start.sh"),
            Map.of("/etc/mooring/", etc + "/", "WORK_DIR=/sentinel", "WORK_DIR=" + work)));
    Container container =
        object(Deployment.class, names.sentinel())
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    sentinels[index] =
        processes.start(
            List.of("sh", etc.resolve("start.sh").toString()),
            env(container, podName, sentinelAddress(index)),
            pod.resolve("pod.log"));
  }

  void killSentinel(int index) {
    LoopbackProcesses.kill(sentinels[index]);
  }

  /**
   * The Deployment replaces a Sentinel pod: the old one is gone, the new one has a new name and IP.
   */
  void replaceSentinel(int index) {
    killSentinel(index);
    sentinelAddresses[index] = "127.0.0." + (21 + sentinels.length + sentinelGeneration % 6);
    startSentinel(index);
  }

  /** The exporter with the rendered arguments and env; returns its base URL. */
  String startExporter() {
    Container container =
        object(Deployment.class, names.exporter())
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    List<String> command = new ArrayList<>(List.of("prometheus-redis-exporter"));
    for (String arg : container.getArgs()) {
      command.add(
          tlsPaths(ports(mapNames(arg)))
              .replace("listen-address=:", "listen-address=" + exporterAddress() + ":"));
    }
    processes.start(
        command,
        env(container, names.exporter(), exporterAddress()),
        directory("exporter").resolve("exporter.log"));
    return "http://" + exporterAddress() + ":" + exporterPort;
  }

  static String proxyAddress() {
    return "127.0.0.41";
  }

  /** The master proxy behind the LoadBalancer, with the rendered haproxy.cfg and env. */
  void startMasterProxy() {
    String rendered =
        object(ConfigMap.class, names.masterProxy())
            .getData()
            .get(RedisMasterProxyModel.HAPROXY_CFG);
    String bind = "bind :" + redisPort;
    String cfg = tlsPaths(ports(mapNames(rendered)));
    assertThat(cfg).contains(bind);
    Path dir = directory("proxy");
    write(
        dir.resolve("haproxy.cfg"), cfg.replace(bind, "bind " + proxyAddress() + ":" + proxyPort));
    Container container =
        object(Deployment.class, names.masterProxy())
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    processes.start(
        List.of("haproxy", "-db", "-f", dir.resolve("haproxy.cfg").toString()),
        env(container, names.masterProxy(), proxyAddress()),
        dir.resolve("haproxy.log"));
  }

  /**
   * Cluster DNS names in {@code text} replaced by loopback addresses, and rendered ports by ours.
   */
  String mapNames(String text) {
    String out = text.replace(names.sentinelFqdn(), sentinelAddress(0));
    for (int i = 0; i < replicas; i++) {
      out = out.replace(names.podFqdn(i), redisAddress(i));
    }
    return out;
  }

  String ports(String text) {
    return text.replace(Integer.toString(RedisPorts.SENTINEL), Integer.toString(sentinelPort))
        .replace(Integer.toString(RedisPorts.REDIS), Integer.toString(redisPort))
        .replace(Integer.toString(RedisPorts.EXPORTER), Integer.toString(exporterPort));
  }

  <T extends HasMetadata> T object(Class<T> type, String name) {
    return state.objects().stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + type.getSimpleName() + " " + name + " rendered"));
  }

  @Override
  public void close() {
    processes.close();
  }

  /** A config file for one pod: it listens on the pod's own address instead of every interface. */
  private String pods(String conf, String address) {
    assertThat(conf).contains("bind * -::*\n");
    return tlsPaths(ports(conf.replace("bind * -::*\n", "bind " + address + "\n")));
  }

  /** The pods' mount of the TLS Secret replaced by the directory holding its files. */
  private String tlsPaths(String text) {
    return tls == null ? text : text.replace(RedisTlsModel.MOUNT_PATH + "/", tls + "/");
  }

  /** A script with the pod's paths, our ports and DNS names mapped to loopback addresses. */
  private String paths(String script, Map<String, String> replacements) {
    String out = script;
    for (Map.Entry<String, String> entry : replacements.entrySet()) {
      assertThat(out).contains(entry.getKey());
      out = out.replace(entry.getKey(), entry.getValue());
    }
    out = replaceLine(out, RESOLVES_LINE, "resolves() { [ -n \"$(addresses_of \"$1\")\" ]; }");
    out = replaceLine(out, ADDRESSES_LINE, addressesFunction());
    return tlsPaths(ports(out));
  }

  private static String replaceLine(String script, Pattern line, String replacement) {
    Matcher matcher = line.matcher(script);
    assertThat(matcher.find()).as("script defines %s", line).isTrue();
    return matcher.replaceFirst(Matcher.quoteReplacement(replacement));
  }

  /**
   * The cluster's DNS as a shell function: pod names to their address, the Sentinel Service to all.
   */
  private String addressesFunction() {
    StringBuilder out = new StringBuilder("addresses_of() {\n  case \"$1\" in\n");
    for (int i = 0; i < replicas; i++) {
      out.append("    ")
          .append(names.podFqdn(i))
          .append(") echo ")
          .append(redisAddress(i))
          .append(" ;;\n");
    }
    out.append("    ").append(names.sentinelFqdn()).append(") printf '%s\\n'");
    for (int i = 0; i < sentinels.length; i++) {
      out.append(' ').append(sentinelAddress(i));
    }
    out.append(" ;;\n    127.0.0.*) printf '%s\\n' \"$1\" ;;\n  esac\n}");
    return out.toString();
  }

  /** The container's env as the kubelet fills it: field references and Secret keys resolved. */
  private Map<String, String> env(Container container, String podName, String podIp) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar variable : container.getEnv()) {
      if (leftOutEnv.contains(variable.getName())) {
        continue;
      }
      if (variable.getValueFrom() == null) {
        env.put(variable.getName(), variable.getValue());
      } else if (variable.getValueFrom().getSecretKeyRef() != null) {
        var ref = variable.getValueFrom().getSecretKeyRef();
        Secret secret = secret(ref.getName());
        if (Boolean.TRUE.equals(ref.getOptional())
            && (secret == null || !secret.getData().containsKey(ref.getKey()))) {
          continue;
        }
        env.put(
            variable.getName(),
            new String(
                Base64.getDecoder().decode(secret.getData().get(ref.getKey())),
                StandardCharsets.UTF_8));
      } else {
        String field = variable.getValueFrom().getFieldRef().getFieldPath();
        env.put(
            variable.getName(),
            switch (field) {
              case "metadata.name" -> podName;
              case "status.podIP" -> podIp;
              default -> throw new AssertionError("unexpected field reference " + field);
            });
      }
    }
    return env;
  }

  /**
   * A Secret as the kubelet would read it now: one put here (the user's own, or one a test rewrote,
   * as a rotation does) before the rendered one.
   */
  private Secret secret(String name) {
    Secret put = secrets.get(name);
    if (put != null) {
      return put;
    }
    return state.objects().stream()
        .filter(Secret.class::isInstance)
        .map(Secret.class::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElse(null);
  }

  /**
   * Pods and Sentinels started from now on run without these variables, as those of an older
   * template that did not have them; none left out again when empty.
   */
  void leaveOutEnv(Set<String> names) {
    leftOutEnv = Set.copyOf(names);
  }

  /** Pods started from now on read {@code secret} instead of a rendered one of its name. */
  void putSecret(Secret secret) {
    secrets.put(secret.getMetadata().getName(), secret);
  }

  private Path directory(String name) {
    return directory(root.resolve(name));
  }

  private static Path directory(Path path) {
    try {
      return Files.createDirectories(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
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
