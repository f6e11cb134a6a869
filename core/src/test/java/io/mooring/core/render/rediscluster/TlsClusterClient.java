package io.mooring.core.render.rediscluster;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.internal.HostAndPort;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.MappingSocketAddressResolver;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A cluster client as an application runs it against a {@link LoopbackRedisCluster} with TLS:
 * seeded with one node, redirected to the nodes' stable DNS names (which its resolver maps to their
 * loopback addresses, as cluster DNS would), verifying each name against the app's CA.
 */
final class TlsClusterClient {
  private TlsClusterClient() {}

  /** Runs {@code use} on a connection, then closes the client. */
  static void with(
      LoopbackRedisCluster cluster,
      String caPem,
      Consumer<StatefulRedisClusterConnection<String, String>> use) {
    Map<String, String> addresses = new HashMap<>();
    for (int node = 0; node < cluster.nodeCount(); node++) {
      addresses.put(cluster.fqdn(node), cluster.address(node));
    }
    Function<HostAndPort, HostAndPort> toLoopback =
        hostAndPort ->
            HostAndPort.of(
                addresses.getOrDefault(hostAndPort.getHostText(), hostAndPort.getHostText()),
                hostAndPort.getPort());
    ClientResources resources =
        DefaultClientResources.builder()
            .socketAddressResolver(MappingSocketAddressResolver.create(toLoopback))
            .build();
    RedisClusterClient client =
        RedisClusterClient.create(
            resources,
            RedisURI.builder()
                .withHost(cluster.address(0))
                .withPort(cluster.port)
                .withSsl(true)
                .withPassword(cluster.password().toCharArray())
                .withTimeout(Duration.ofSeconds(5))
                .build());
    client.setOptions(
        ClusterClientOptions.builder()
            .sslOptions(
                SslOptions.builder()
                    .jdkSslProvider()
                    .trustManager(
                        () -> new ByteArrayInputStream(caPem.getBytes(StandardCharsets.UTF_8)))
                    .build())
            .build());
    try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
      use.accept(connection);
    } finally {
      client.shutdown();
      resources.shutdown().awaitUninterruptibly();
    }
  }
}
