package io.mooring.core.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.reconcile.TlsReloadHook;
import io.mooring.core.render.redis.RedisNames;
import io.mooring.core.render.redis.RedisPorts;
import io.mooring.core.render.rediscluster.RedisClusterNames;
import io.mooring.core.spec.AppRef;
import io.mooring.core.tls.Pem;
import io.mooring.core.tls.ServerCertificate;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Reloads a renewed certificate on the Redis pods of a TLS app with {@code CONFIG SET tls-cert-file
 * <its file> tls-key-file <its file>}, which makes Redis read both files again with no restart and
 * no dropped connection. A pod is told only when the certificate it serves differs from the one in
 * the app's Secret (seen on the TLS handshake itself); when it still differs after the reload, the
 * Secret's new files have not reached the pod's volume yet (the kubelet refreshes it within a
 * minute or two) and the next sync tries again. The same goes for every node of a Redis Cluster
 * app.
 */
public final class RedisTlsReload implements TlsReloadHook {

  private final Function<ObjectKey, HasMetadata> liveObjects;
  private final Function<RedisNames, Function<Integer, String>> podAddress;
  private final Function<RedisClusterNames, BiFunction<Integer, Integer, String>> clusterPodAddress;
  private final String clusterDomain;
  private final int port;
  private final Duration timeout;

  /** In the cluster: each pod by its DNS name, on the Redis port. */
  public RedisTlsReload(
      Function<ObjectKey, HasMetadata> liveObjects, String clusterDomain, Duration timeout) {
    this(liveObjects, names -> names::podFqdn, clusterDomain, RedisPorts.REDIS, timeout);
  }

  /**
   * Reaching each pod elsewhere than by its DNS name.
   *
   * @param podAddress where each pod (by ordinal) of an app answers
   */
  public RedisTlsReload(
      Function<ObjectKey, HasMetadata> liveObjects,
      Function<RedisNames, Function<Integer, String>> podAddress,
      String clusterDomain,
      int port,
      Duration timeout) {
    this(
        liveObjects,
        podAddress,
        names -> (shard, ordinal) -> names.podFqdn(shard, ordinal),
        clusterDomain,
        port,
        timeout);
  }

  private RedisTlsReload(
      Function<ObjectKey, HasMetadata> liveObjects,
      Function<RedisNames, Function<Integer, String>> podAddress,
      Function<RedisClusterNames, BiFunction<Integer, Integer, String>> clusterPodAddress,
      String clusterDomain,
      int port,
      Duration timeout) {
    this.liveObjects = liveObjects;
    this.podAddress = podAddress;
    this.clusterPodAddress = clusterPodAddress;
    this.clusterDomain = clusterDomain;
    this.port = port;
    this.timeout = timeout;
  }

  /**
   * This reload with the nodes of Redis Cluster apps reached elsewhere than by their DNS names.
   *
   * @param address where each node (by shard and ordinal) of an app answers
   */
  public RedisTlsReload withClusterNodesAt(
      Function<RedisClusterNames, BiFunction<Integer, Integer, String>> address) {
    return new RedisTlsReload(liveObjects, podAddress, address, clusterDomain, port, timeout);
  }

  @Override
  public void reload(AppRef app, int replicas) {
    RedisNames names = new RedisNames(app, clusterDomain);
    List<Server> servers = new ArrayList<>();
    for (int ordinal = 0; ordinal < replicas; ordinal++) {
      servers.add(new Server(names.pod(ordinal), podAddress.apply(names).apply(ordinal)));
    }
    reload(names.namespace(), names.tlsSecret(), names.authSecret(), servers);
  }

  @Override
  public void reloadCluster(AppRef app, int masters, int nodesPerShard) {
    RedisClusterNames names = new RedisClusterNames(app, clusterDomain);
    List<Server> servers = new ArrayList<>();
    for (int shard = 0; shard < masters; shard++) {
      for (int ordinal = 0; ordinal < nodesPerShard; ordinal++) {
        servers.add(
            new Server(
                names.pod(shard, ordinal), clusterPodAddress.apply(names).apply(shard, ordinal)));
      }
    }
    reload(names.namespace(), names.tlsSecret(), names.authSecret(), servers);
  }

  /** A server by its pod's name, and the host it is reached at. */
  private record Server(String pod, String host) {}

  private void reload(String namespace, String tlsSecret, String authSecret, List<Server> servers) {
    Optional<String> certificatePem =
        secret(namespace, tlsSecret).flatMap(s -> value(s, ServerCertificate.CERT_KEY));
    Optional<String> caPem = RedisAppTls.caPem(liveObjects, namespace, tlsSecret);
    if (certificatePem.isEmpty() || caPem.isEmpty()) {
      // cert-manager has not filled the Secret yet; the pods wait for it too.
      return;
    }
    X509Certificate wanted = Pem.certificate(certificatePem.get());
    RedisTlsClient client = RedisTlsClient.trusting(caPem.get());
    List<RedisLogin> logins =
        RedisLogins.fromAuthSecret(secret(namespace, authSecret).orElse(null));
    List<String> failures = new ArrayList<>();
    for (Server server : servers) {
      try {
        if (!serves(server.host(), logins, client, wanted)) {
          reloadFiles(server.host(), logins, client);
          if (!serves(server.host(), logins, client, wanted)) {
            failures.add(
                server.pod()
                    + " still serves another certificate than "
                    + tlsSecret
                    + " (serial "
                    + wanted.getSerialNumber().toString(16)
                    + "); its volume has not caught up with the Secret yet");
          }
        }
      } catch (RuntimeException e) {
        failures.add(server.pod() + ": " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(
          "renewed certificate not loaded: " + String.join("; ", failures));
    }
  }

  private boolean serves(
      String host, List<RedisLogin> logins, RedisTlsClient client, X509Certificate wanted) {
    try (RedisConnection server =
        RedisConnection.open(host, port, logins, timeout, Optional.of(client))) {
      return server.servedCertificate().map(wanted::equals).orElse(false);
    }
  }

  /** Setting the paths a server already uses makes it read the files again. */
  private void reloadFiles(String host, List<RedisLogin> logins, RedisTlsClient client) {
    try (RedisConnection server =
        RedisConnection.open(host, port, logins, timeout, Optional.of(client))) {
      String certificateFile = configValue(server, "tls-cert-file");
      String keyFile = configValue(server, "tls-key-file");
      server.call("CONFIG", "SET", "tls-cert-file", certificateFile, "tls-key-file", keyFile);
    }
  }

  private static String configValue(RedisConnection server, String directive) {
    String[] reply = server.call("CONFIG", "GET", directive).split("\n", -1);
    if (reply.length < 2 || reply[1].isEmpty()) {
      throw new IllegalStateException("the server has no " + directive + " set");
    }
    return reply[1];
  }

  private Optional<Secret> secret(String namespace, String name) {
    return liveObjects.apply(new ObjectKey("Secret", namespace, name)) instanceof Secret secret
        ? Optional.of(secret)
        : Optional.empty();
  }

  private static Optional<String> value(Secret secret, String key) {
    if (secret.getData() == null || secret.getData().get(key) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
  }
}
