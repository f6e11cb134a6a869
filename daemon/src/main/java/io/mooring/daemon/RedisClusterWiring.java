package io.mooring.daemon;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.kube.Applier;
import io.mooring.core.metrics.RedisClusterMetrics;
import io.mooring.core.reconcile.RedisClusterHook;
import io.mooring.core.redis.RedisAppTls;
import io.mooring.core.redis.RedisLogins;
import io.mooring.core.rediscluster.LettuceNodeCommands;
import io.mooring.core.rediscluster.RedisClusterOrchestration;
import io.mooring.core.rediscluster.StatefulSetProgressStore;
import io.mooring.core.render.redis.RedisAuthSecret;
import io.mooring.core.render.rediscluster.RedisClusterNames;
import io.mooring.core.spec.AppRef;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/**
 * The daemon's Redis Cluster hook: pods reached by their stable names through the headless Service,
 * the password read from the app's live auth Secret, over TLS with the CA of the app's live
 * certificate Secret when it has one, progress kept on the first shard's StatefulSet, and what it
 * sees counted on the daemon's registry.
 */
final class RedisClusterWiring {
  /** How long one sync waits for the servers before it reports the cluster still in progress. */
  private static final Duration BOUND = Duration.ofSeconds(30);

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

  private RedisClusterWiring() {}

  static RedisClusterHook hook(
      KubernetesClient client,
      Applier applier,
      Function<ObjectKey, HasMetadata> cache,
      String clusterDomain,
      MeterRegistry registry) {
    return new RedisClusterOrchestration(
        RedisClusterOrchestration.inCluster(
            clusterDomain, app -> new RedisClusterNames(app, clusterDomain).headless()),
        app -> password(cache, new RedisClusterNames(app, clusterDomain).authSecret(), app),
        // Logs in as Mooring's operator user, or with the app's password on nodes started before
        // that user existed; the password above only tells whether the Secret exists yet.
        (app, password) ->
            new LettuceNodeCommands(
                RedisLogins.fromAuthSecret(
                    cache.apply(
                        new ObjectKey(
                            "Secret",
                            app.namespace(),
                            new RedisClusterNames(app, clusterDomain).authSecret()))),
                COMMAND_TIMEOUT,
                RedisAppTls.caPem(
                    cache, app.namespace(), new RedisClusterNames(app, clusterDomain).tlsSecret())),
        new StatefulSetProgressStore(
            client, applier, app -> new RedisClusterNames(app, clusterDomain).shard(0)),
        new RedisClusterMetrics(registry),
        BOUND,
        POLL);
  }

  /** The password the live Secret holds, or null before the Secret exists. */
  private static char[] password(
      Function<ObjectKey, HasMetadata> cache, String secretName, AppRef app) {
    HasMetadata object = cache.apply(new ObjectKey("Secret", app.namespace(), secretName));
    if (!(object instanceof Secret secret)) {
      return null;
    }
    Map<String, String> data = secret.getData();
    String encoded = data == null ? null : data.get(RedisAuthSecret.PASSWORD_KEY);
    if (encoded == null) {
      return null;
    }
    byte[] bytes = Base64.getDecoder().decode(encoded);
    CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
    Arrays.fill(bytes, (byte) 0);
    char[] password = new char[chars.remaining()];
    chars.get(password);
    Arrays.fill(chars.array(), '\0');
    return password;
  }
}
