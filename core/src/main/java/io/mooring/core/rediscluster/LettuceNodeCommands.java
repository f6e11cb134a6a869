package io.mooring.core.rediscluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.MigrateArgs;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.mooring.core.redis.RedisLogin;
import io.mooring.core.redis.RedisLogins;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link NodeCommands} over Lettuce: one connection per pod, opened on first use and kept, logged
 * in with the first of the app's logins the pod accepts (Mooring's operator user, then the app's
 * password for a node started before that user existed), over TLS when the app serves TLS. A
 * connection that failed is dropped so that the next call reconnects (a restarted pod).
 */
public final class LettuceNodeCommands implements NodeCommands {
  private static final int MIGRATE_TIMEOUT_MS = 10_000;

  private final RedisClient client;
  private final List<RedisLogin> logins;
  private final Duration timeout;
  private final boolean tls;
  private final Map<NodeAddress, StatefulRedisConnection<String, String>> connections =
      new ConcurrentHashMap<>();
  private final Map<NodeAddress, RedisLogin> loginOf = new ConcurrentHashMap<>();

  /**
   * @param password the app's password, or null when auth is off
   * @param timeout bound of the connect and of each command
   */
  public LettuceNodeCommands(char[] password, Duration timeout) {
    this(password, timeout, Optional.empty());
  }

  /**
   * @param caPem with TLS, the CA of the app's certificate: a node must present a certificate of
   *     that CA naming the host it is reached by
   */
  public LettuceNodeCommands(char[] password, Duration timeout, Optional<String> caPem) {
    this(
        password == null ? List.of() : List.of(RedisLogin.defaultUser(new String(password))),
        timeout,
        caPem);
  }

  /**
   * @param logins tried in order on each pod (see {@link RedisLogins}); none when auth is off
   */
  public LettuceNodeCommands(List<RedisLogin> logins, Duration timeout, Optional<String> caPem) {
    this.client = RedisClient.create();
    caPem.ifPresent(
        ca ->
            client.setOptions(
                ClientOptions.builder()
                    .sslOptions(
                        SslOptions.builder()
                            .jdkSslProvider()
                            .trustManager(
                                () -> new ByteArrayInputStream(ca.getBytes(StandardCharsets.UTF_8)))
                            .build())
                    .build()));
    this.logins = List.copyOf(logins);
    this.timeout = timeout;
    this.tls = caPem.isPresent();
  }

  @Override
  public String clusterNodes(NodeAddress node) {
    return call(node, RedisCommands::clusterNodes);
  }

  @Override
  public String clusterInfo(NodeAddress node) {
    return call(node, RedisCommands::clusterInfo);
  }

  @Override
  public long dbSize(NodeAddress node) {
    return call(node, RedisCommands::dbsize);
  }

  @Override
  public String resolve(NodeAddress node) {
    try {
      return InetAddress.getByName(node.host()).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(node.host() + " does not resolve", e);
    }
  }

  @Override
  public void meet(NodeAddress node, String ip, int port) {
    call(node, redis -> redis.clusterMeet(ip, port));
  }

  @Override
  public void addSlotsRange(NodeAddress node, List<SlotRange> ranges) {
    @SuppressWarnings("unchecked")
    Range<Integer>[] args =
        ranges.stream().map(r -> Range.create(r.start(), r.end())).toArray(Range[]::new);
    call(node, redis -> redis.clusterAddSlotsRange(args));
  }

  @Override
  public void replicate(NodeAddress node, String masterId) {
    call(node, redis -> redis.clusterReplicate(masterId));
  }

  @Override
  public void failover(NodeAddress node) {
    call(node, redis -> redis.clusterFailover(false));
  }

  @Override
  public void setSlotImporting(NodeAddress node, int slot, String sourceId) {
    call(node, redis -> redis.clusterSetSlotImporting(slot, sourceId));
  }

  @Override
  public void setSlotMigrating(NodeAddress node, int slot, String targetId) {
    call(node, redis -> redis.clusterSetSlotMigrating(slot, targetId));
  }

  @Override
  public void setSlotNode(NodeAddress node, int slot, String ownerId) {
    call(node, redis -> redis.clusterSetSlotNode(slot, ownerId));
  }

  @Override
  public void setSlotStable(NodeAddress node, int slot) {
    call(node, redis -> redis.clusterSetSlotStable(slot));
  }

  @Override
  public long countKeysInSlot(NodeAddress node, int slot) {
    return call(node, redis -> redis.clusterCountKeysInSlot(slot));
  }

  @Override
  public List<String> getKeysInSlot(NodeAddress node, int slot, int count) {
    return call(node, redis -> redis.clusterGetKeysInSlot(slot, count));
  }

  @Override
  public void migrate(NodeAddress node, String targetIp, int targetPort, List<String> keys) {
    MigrateArgs<String> args = new MigrateArgs<String>().keys(keys);
    call(
        node,
        redis -> {
          // The target is logged into as the source was: the same user exists on every node.
          RedisLogin login = loginOf.get(node);
          if (login != null && login.user() != null) {
            args.auth2(login.user(), login.password());
          } else if (login != null) {
            args.auth(login.password().toCharArray());
          }
          return redis.migrate(targetIp, targetPort, 0, MIGRATE_TIMEOUT_MS, args);
        });
  }

  @Override
  public void forget(NodeAddress node, String nodeId) {
    call(node, redis -> redis.clusterForget(nodeId));
  }

  @Override
  public String info(NodeAddress node, String section) {
    return call(node, redis -> redis.info(section));
  }

  private <T> T call(
      NodeAddress node, java.util.function.Function<RedisCommands<String, String>, T> command) {
    StatefulRedisConnection<String, String> connection =
        connections.computeIfAbsent(node, this::connect);
    try {
      return command.apply(connection.sync());
    } catch (RuntimeException e) {
      if (!connection.isOpen()) {
        connections.remove(node, connection);
      }
      throw e;
    }
  }

  private StatefulRedisConnection<String, String> connect(NodeAddress node) {
    if (logins.isEmpty()) {
      return client.connect(uri(node).build());
    }
    RuntimeException refused = null;
    for (RedisLogin login : logins) {
      RedisURI.Builder uri = uri(node);
      if (login.user() == null) {
        uri.withPassword(login.password().toCharArray());
      } else {
        uri.withAuthentication(login.user(), login.password().toCharArray());
      }
      try {
        StatefulRedisConnection<String, String> connection = client.connect(uri.build());
        loginOf.put(node, login);
        return connection;
      } catch (RedisConnectionException e) {
        // A refused login (a node without that user yet) and an unreachable node look alike
        // here; the next login is tried either way and the last failure is what the caller sees.
        refused = e;
      }
    }
    throw refused;
  }

  private RedisURI.Builder uri(NodeAddress node) {
    return RedisURI.builder()
        .withHost(node.host())
        .withPort(node.port())
        .withTimeout(timeout)
        .withSsl(tls);
  }

  @Override
  public void close() {
    connections.values().forEach(StatefulRedisConnection::close);
    connections.clear();
    client.shutdown(Duration.ZERO, timeout);
  }
}
