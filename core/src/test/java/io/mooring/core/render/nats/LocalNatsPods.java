package io.mooring.core.render.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.testing.RealBinaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * Runs a rendered NATS app as real nats-server processes on loopback, one per pod at 127.0.0.x, all
 * on the same ports as real pods would be. Each pod gets a directory laid out like the pod's own
 * files: the ConfigMap's nats.conf under {@code etc/nats-config}, the files of the StatefulSet's
 * Secret mount under {@code etc/nats-secret} (so the includes resolve as in the pod), its data and
 * pid file. Only what differs between a pod and this machine is substituted in those files: listen
 * addresses and ports, the pods' DNS names in the routes, file paths, and the environment
 * (POD_NAME, GOMEMLIMIT and the passwords, taken from the rendered Secrets through the
 * StatefulSet's env).
 */
final class LocalNatsPods implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path natsServer = RealBinaries.require("nats-server", "nats-server");
  private final NatsSpec spec;
  private final NatsNames names;
  private DesiredState state;
  private final Path workDir;
  private final int firstHost;
  private final int clientPort;
  private final int clusterPort;
  private final int monitorPort;
  private final Process[] processes;

  LocalNatsPods(NatsSpec spec, NatsNames names, DesiredState state, Path workDir, int firstHost) {
    this.spec = spec;
    this.names = names;
    this.state = state;
    this.workDir = workDir;
    this.firstHost = firstHost;
    this.processes = new Process[spec.replicas()];
    int[] ports = freePorts(3);
    this.clientPort = ports[0];
    this.clusterPort = ports[1];
    this.monitorPort = ports[2];
  }

  String address(int ordinal) {
    return "127.0.0." + (firstHost + ordinal);
  }

  String clientUrl(int ordinal) {
    return "nats://" + address(ordinal) + ":" + clientPort;
  }

  /** Where the ordinal's server takes routes from its peers. */
  String clusterAddress(int ordinal) {
    return address(ordinal) + ":" + clusterPort;
  }

  /** The rendered password of a login, read from the Secret as a pod's env would. */
  String password(String secretKey) {
    return secretValue(names.credentialsSecret(), secretKey);
  }

  /** A value of a rendered Secret. */
  String secretValue(String secretName, String key) {
    return secretValueIn(state, secretName, key);
  }

  /** A value of a Secret of {@code rendered}. */
  static String secretValueIn(DesiredState rendered, String secretName, String key) {
    Secret secret =
        rendered.objects().stream()
            .filter(Secret.class::isInstance)
            .map(Secret.class::cast)
            .filter(s -> s.getMetadata().getName().equals(secretName))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Secret " + secretName));
    String encoded = secret.getData().get(key);
    if (encoded == null) {
      throw new AssertionError("Secret " + secretName + " has no key " + key);
    }
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }

  /**
   * Runs a later render from now on: each pod reads its files anew when it next starts, as a pod
   * that the StatefulSet controller replaces.
   */
  void apply(DesiredState next) {
    state = next;
  }

  DesiredState state() {
    return state;
  }

  /** The pod's directory: its files, its data ({@code data/}) and its log. */
  Path podDir(int ordinal) {
    return workDir.resolve(names.pod(ordinal));
  }

  /** Where the ordinal's nats.conf reads its TLS files (the pod's TLS Secret mount). */
  Path tlsDir(int ordinal) {
    return local(podDir(ordinal), NatsConfigModel.TLS_DIR);
  }

  /**
   * Writes the rendered TLS Secret the StatefulSet mounts into the ordinal's TLS directory, each
   * file replaced in one rename, as the kubelet swaps a Secret volume's files.
   */
  void writeTlsFiles(int ordinal) {
    Path dir = tlsDir(ordinal);
    for (Volume volume : only(StatefulSet.class).getSpec().getTemplate().getSpec().getVolumes()) {
      if (volume.getSecret() == null) {
        continue;
      }
      String secretName = volume.getSecret().getSecretName();
      Secret secret =
          state.objects().stream()
              .filter(Secret.class::isInstance)
              .map(Secret.class::cast)
              .filter(candidate -> candidate.getMetadata().getName().equals(secretName))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no Secret " + secretName));
      try {
        Files.createDirectories(dir);
        for (String key : secret.getData().keySet()) {
          Path staged = dir.resolve(".staged-" + key);
          Files.writeString(staged, secretValue(secretName, key));
          Files.move(
              staged,
              dir.resolve(key),
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Writes the ordinal's nats.conf and the files it includes; returns the nats.conf path. */
  Path writeConfig(int ordinal) {
    Path dir = podDir(ordinal);
    String conf =
        localized(ordinal, only(ConfigMap.class).getData().get(NatsConfigModel.CONFIG_KEY));
    try {
      for (Map.Entry<String, String> file : secretFiles().entrySet()) {
        Path path = local(dir, NatsConfigModel.SECRET_DIR).resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, localized(ordinal, file.getValue()));
      }
      Path file = local(dir, NatsConfigModel.CONFIG_DIR).resolve(NatsConfigModel.CONFIG_KEY);
      Files.createDirectories(file.getParent());
      Files.writeString(file, conf);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path local(Path podDir, String podPath) {
    return podDir.resolve(podPath.substring(1));
  }

  /** The files of the StatefulSet's projected Secret volume, by path, from the rendered Secrets. */
  private Map<String, String> secretFiles() {
    Map<String, String> files = new LinkedHashMap<>();
    for (Volume volume : only(StatefulSet.class).getSpec().getTemplate().getSpec().getVolumes()) {
      if (volume.getProjected() == null) {
        continue;
      }
      for (VolumeProjection source : volume.getProjected().getSources()) {
        SecretProjection secret = source.getSecret();
        for (KeyToPath item : secret.getItems()) {
          files.put(item.getPath(), secretValue(secret.getName(), item.getKey()));
        }
      }
    }
    return files;
  }

  private String localized(int ordinal, String text) {
    Path dir = podDir(ordinal);
    String conf = text;
    conf =
        conf.replace(
            "\"0.0.0.0:" + NatsPorts.CLIENT + "\"",
            "\"" + address(ordinal) + ":" + clientPort + "\"");
    conf =
        conf.replace(
            "\"0.0.0.0:" + NatsPorts.CLUSTER + "\"",
            "\"" + address(ordinal) + ":" + clusterPort + "\"");
    conf =
        conf.replace(
            "\"0.0.0.0:" + NatsPorts.MONITOR + "\"",
            "\"" + address(ordinal) + ":" + monitorPort + "\"");
    for (int peer = 0; peer < spec.replicas(); peer++) {
      conf =
          conf.replace(
              names.podDnsName(peer) + ":" + NatsPorts.CLUSTER, address(peer) + ":" + clusterPort);
    }
    conf = conf.replace("\"" + NatsConfigModel.PID_DIR + "/", "\"" + dir + "/");
    conf = conf.replace("\"" + NatsConfigModel.STORE_DIR, "\"" + dir + "/data");
    conf = conf.replace("\"" + NatsConfigModel.TLS_DIR + "/", "\"" + tlsDir(ordinal) + "/");
    return conf;
  }

  /** {@code nats-server -t}: exit code and output. */
  Result testConfig(int ordinal) {
    return run(
        List.of(natsServer.toString(), "-t", "-c", writeConfig(ordinal).toString()), ordinal);
  }

  void start(int ordinal) {
    Path conf = writeConfig(ordinal);
    ProcessBuilder builder = new ProcessBuilder(natsServer.toString(), "--config", conf.toString());
    builder.environment().putAll(env(ordinal));
    builder.redirectErrorStream(true).redirectOutput(podDir(ordinal).resolve("nats.log").toFile());
    try {
      processes[ordinal] = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void startAll() {
    for (int ordinal = 0; ordinal < spec.replicas(); ordinal++) {
      start(ordinal);
    }
  }

  /** Stops a pod's server at once (SIGTERM, then SIGKILL), as when its node goes away. */
  void stop(int ordinal) throws InterruptedException {
    Process process = processes[ordinal];
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  Process process(int ordinal) {
    return processes[ordinal];
  }

  String log(int ordinal) throws IOException {
    return Files.readString(podDir(ordinal).resolve("nats.log"));
  }

  /**
   * Stops a pod as the kubelet does: runs the rendered preStop hook until the server exits or the
   * grace period ends (the hook is then ended, as the kubelet ends it), then SIGTERM, then SIGKILL.
   */
  StopOutcome stopLikeKubelet(int ordinal, Duration grace) throws Exception {
    List<String> hook =
        only(StatefulSet.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getLifecycle()
            .getPreStop()
            .getExec()
            .getCommand()
            .stream()
            .map(
                arg ->
                    arg.replace(
                        NatsConfigModel.PID_DIR + "/", workDir.resolve(names.pod(ordinal)) + "/"))
            .map(arg -> arg.replace("nats-server ", natsServer + " "))
            .toList();
    ProcessBuilder builder = new ProcessBuilder(hook).redirectErrorStream(true);
    builder.environment().putAll(env(ordinal));
    builder.redirectOutput(workDir.resolve(names.pod(ordinal)).resolve("prestop.log").toFile());
    Process preStop = builder.start();
    Process server = processes[ordinal];
    long deadline = System.nanoTime() + grace.toNanos();
    boolean exitedDuringPreStop = server.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    preStop.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    if (!exitedDuringPreStop) {
      server.destroy();
      long left = Math.max(0, deadline - System.nanoTime());
      if (!server.waitFor(left, TimeUnit.NANOSECONDS)) {
        server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    return new StopOutcome(exitedDuringPreStop, server.exitValue());
  }

  /** {@code exitedDuringPreStop}: the server finished lame duck and exited before any SIGTERM. */
  record StopOutcome(boolean exitedDuringPreStop, int exitCode) {}

  /** GET on the pod's monitor port; null while it does not answer. */
  JsonNode monitor(int ordinal, String path) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://" + address(ordinal) + ":" + monitorPort + path))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Polls the monitor endpoint until the condition holds; fails with the last answer after the
   * timeout.
   */
  JsonNode awaitMonitor(int ordinal, String path, Predicate<JsonNode> condition, Duration timeout)
      throws IOException {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    try {
      return Awaitility.await(names.pod(ordinal) + " " + path)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .failFast(
              names.pod(ordinal) + " exited",
              () -> processes[ordinal] != null && !processes[ordinal].isAlive())
          .until(
              () -> {
                last.set(monitor(ordinal, path));
                return last.get();
              },
              answer -> answer != null && condition.test(answer));
    } catch (TerminalFailureException e) {
      throw new AssertionError(names.pod(ordinal) + " exited:\n" + log(ordinal), e);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          names.pod(ordinal) + " " + path + " never matched; last answer: " + last.get(), e);
    }
  }

  private Result run(List<String> command, int ordinal) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(env(ordinal));
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The container's env as the kubelet would resolve it for this pod. */
  private Map<String, String> env(int ordinal) {
    Map<String, String> env = new HashMap<>();
    List<EnvVar> declared =
        only(StatefulSet.class).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    for (EnvVar var : declared) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      } else if (var.getValueFrom().getFieldRef() != null) {
        env.put(var.getName(), names.pod(ordinal));
      } else {
        SecretKeySelector ref = var.getValueFrom().getSecretKeyRef();
        env.put(var.getName(), secretValue(ref.getName(), ref.getKey()));
      }
    }
    return env;
  }

  private <T extends HasMetadata> T only(Class<T> type) {
    return state.objects().stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow();
  }

  @Override
  public void close() throws InterruptedException {
    for (Process process : processes) {
      if (process != null && process.isAlive()) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Ports free on every pod address. Pods share port numbers as real pods do; the default NATS
   * ports may already be taken by a system service, so each run picks its own.
   */
  private int[] freePorts(int count) {
    int[] ports = new int[count];
    List<Integer> taken = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int port;
      do {
        port = ThreadLocalRandom.current().nextInt(20000, 60000);
      } while (taken.contains(port) || !freeOnAllAddresses(port));
      taken.add(port);
      ports[i] = port;
    }
    return ports;
  }

  private boolean freeOnAllAddresses(int port) {
    for (int ordinal = 0; ordinal < spec.replicas(); ordinal++) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getByName(address(ordinal)), port));
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  record Result(int exitCode, String output) {}
}
