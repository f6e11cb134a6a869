package io.mooring.core.rediscluster;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.internal.HostAndPort;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.MappingSocketAddressResolver;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client application: SETs a new key, then WAIT 1 on the same master, as an application that
 * needs a write on two nodes does. A write counts as acknowledged only when WAIT reports a replica
 * got it; those are the writes that must never be lost. Routing follows the cluster's own map
 * (Lettuce's partitions), MOVED refreshes it and ASK is followed as a cluster client does.
 */
public final class AcknowledgedWriter implements AutoCloseable {
  private final ClientResources resources;
  private final RedisClusterClient client;
  private final StatefulRedisClusterConnection<String, String> connection;
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final String prefix;
  private final Map<Integer, Long> failingSinceNanos = new ConcurrentHashMap<>();
  private final Map<Integer, Long> longestOutageNanos = new ConcurrentHashMap<>();
  private volatile java.util.function.IntUnaryOperator groupOfSlot = slot -> 0;
  private Thread thread;

  public AcknowledgedWriter(List<NodeAddress> seeds, String password, String prefix) {
    this(seeds, password, prefix, Optional.empty());
  }

  /** With {@code caPem}, over TLS, verifying every node it reaches against that CA. */
  public AcknowledgedWriter(
      List<NodeAddress> seeds, String password, String prefix, Optional<String> caPem) {
    this(seeds, password, prefix, caPem, Map.of());
  }

  /**
   * With {@code dns}, the cluster's DNS: the names its nodes announce (cluster-announce-hostname)
   * to their addresses, as the client resolves them where the application runs.
   */
  public AcknowledgedWriter(
      List<NodeAddress> seeds,
      String password,
      String prefix,
      Optional<String> caPem,
      Map<String, String> dns) {
    this.prefix = prefix;
    java.util.function.Function<HostAndPort, HostAndPort> resolve =
        target ->
            HostAndPort.of(
                dns.getOrDefault(target.getHostText(), target.getHostText()), target.getPort());
    resources =
        DefaultClientResources.builder()
            .socketAddressResolver(MappingSocketAddressResolver.create(resolve))
            .build();
    client =
        RedisClusterClient.create(
            resources,
            seeds.stream()
                .map(
                    seed ->
                        RedisURI.builder()
                            .withHost(seed.host())
                            .withPort(seed.port())
                            .withPassword(password.toCharArray())
                            .withSsl(caPem.isPresent())
                            .withTimeout(Duration.ofSeconds(2))
                            .build())
                .toList());
    ClusterClientOptions.Builder options = ClusterClientOptions.builder();
    caPem.ifPresent(
        ca ->
            options.sslOptions(
                SslOptions.builder()
                    .jdkSslProvider()
                    .trustManager(
                        () -> new ByteArrayInputStream(ca.getBytes(StandardCharsets.UTF_8)))
                    .build()));
    client.setOptions(
        options
            .topologyRefreshOptions(
                ClusterTopologyRefreshOptions.builder()
                    .enablePeriodicRefresh(Duration.ofMillis(500))
                    .build())
            .build());
    connection = client.connect();
  }

  public void start() {
    running.set(true);
    thread = new Thread(this::loop, "acknowledged-writer-" + prefix);
    thread.setDaemon(true);
    thread.start();
  }

  public void stop() {
    running.set(false);
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public long attempts() {
    return attempts.get();
  }

  /** SET answered OK (acknowledged or not). */
  public long accepted() {
    return accepted.get();
  }

  /** Counts write gaps per group of slots (e.g. per shard) instead of over all writes. */
  public void groupSlots(java.util.function.IntUnaryOperator group) {
    groupOfSlot = group;
  }

  /**
   * Per group of slots, the longest write outage: from the start of the first write that failed (or
   * of a write that hung) to the moment a later write of that group was taken. The writer is one
   * thread, so the time it spends on other groups' writes meanwhile counts too: an upper bound.
   */
  public Map<Integer, Duration> longestWriteOutages() {
    Map<Integer, Duration> outages = new java.util.TreeMap<>();
    longestOutageNanos.forEach((group, nanos) -> outages.put(group, Duration.ofNanos(nanos)));
    return outages;
  }

  public Map<String, String> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  /** One SET through the cluster client, which follows MOVED and ASK itself. */
  public void writeOnce(String key, String value) {
    connection.sync().set(key, value);
  }

  /**
   * The value the cluster returns for a key now, following MOVED and ASK. A connection closed under
   * the read (the client's own topology refresh) is retried: it says nothing of the data.
   */
  public String read(String key) {
    for (int attempt = 1; ; attempt++) {
      try {
        return connection.sync().get(key);
      } catch (io.lettuce.core.RedisException e) {
        if (attempt >= 5 || e instanceof RedisCommandExecutionException) {
          throw e;
        }
        client.refreshPartitions();
      }
    }
  }

  private void loop() {
    long i = 0;
    while (running.get()) {
      String key = prefix + ":" + i;
      String value = "v" + i;
      i++;
      attempts.incrementAndGet();
      long begun = System.nanoTime();
      try {
        write(key, value, begun);
      } catch (RuntimeException e) {
        failingSinceNanos.putIfAbsent(groupOfSlot.applyAsInt(SlotHash.getSlot(key)), begun);
        // Not acknowledged: the application would retry or report it, but never count on it.
        client.refreshPartitions();
      }
    }
  }

  private void write(String key, String value, long begun) {
    RedisClusterNode owner = connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(key));
    if (owner == null) {
      failingSinceNanos.putIfAbsent(groupOfSlot.applyAsInt(SlotHash.getSlot(key)), begun);
      client.refreshPartitions();
      return;
    }
    RedisCommands<String, String> node =
        connection.getConnection(owner.getUri().getHost(), owner.getUri().getPort()).sync();
    try {
      node.set(key, value);
    } catch (RedisCommandExecutionException e) {
      String message = String.valueOf(e.getMessage());
      if (!message.startsWith("ASK ")) {
        throw e;
      }
      // ASK <slot> <host>:<port>: the slot is moving and the key is not on the old owner.
      String target = message.split(" ", -1)[2];
      int colon = target.lastIndexOf(':');
      node =
          connection
              .getConnection(
                  target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)))
              .sync();
      node.asking();
      node.set(key, value);
    }
    accepted.incrementAndGet();
    int group = groupOfSlot.applyAsInt(SlotHash.getSlot(key));
    Long failingSince = failingSinceNanos.remove(group);
    long outage = System.nanoTime() - (failingSince != null ? failingSince : begun);
    longestOutageNanos.merge(group, outage, Math::max);
    if (node.waitForReplication(1, 1000) >= 1) {
      acknowledged.put(key, value);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stop();
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown().awaitUninterruptibly();
  }
}
