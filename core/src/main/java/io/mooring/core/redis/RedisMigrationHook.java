package io.mooring.core.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.reconcile.MigrationHook;
import io.mooring.core.render.redis.RedisNames;
import io.mooring.core.render.redis.RedisPorts;
import io.mooring.core.spec.RedisDataSource.Migration;
import io.mooring.core.spec.RedisSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Function;

/**
 * Runs a Redis app's migration by replication from inside the cluster: the new master is the app's
 * first pod, reached by its stable DNS name {@code <pod>.<headless
 * service>.<namespace>.svc.<cluster domain>}, logged in with the password of the live auth Secret
 * (the one the servers run with).
 */
public final class RedisMigrationHook implements MigrationHook {
  private static final String PASSWORD_KEY = "redis-password";

  private final Function<ObjectKey, HasMetadata> liveObjects;
  private final String clusterDomain;
  private final Duration timeout;

  /**
   * The hook of a daemon in the cluster.
   *
   * @param liveObjects the live object with a key, or null (the cluster cache's {@code get})
   * @param timeout bound of each connect and command
   */
  public RedisMigrationHook(
      Function<ObjectKey, HasMetadata> liveObjects, String clusterDomain, Duration timeout) {
    this.liveObjects = liveObjects;
    this.clusterDomain = clusterDomain;
    this.timeout = timeout;
  }

  @Override
  public Progress advance(RedisSpec spec, ProgressRecord record) {
    if (!(spec.dataSource() instanceof Migration migration)) {
      throw new IllegalArgumentException(spec.ref() + " has no migration");
    }
    if (migration.ssl()) {
      throw new IllegalStateException("migrating from a source over TLS is not available yet");
    }
    RedisNames names = new RedisNames(spec.ref(), clusterDomain);
    String password = spec.authEnabled() ? password(names) : null;
    String target = names.podFqdn(0);
    return new ReplicationMigration(
            migration,
            () -> RedisConnection.open(target, RedisPorts.REDIS, null, password, timeout),
            () ->
                RedisConnection.open(
                    migration.host(),
                    migration.port(),
                    migration.username(),
                    migration.password(),
                    timeout),
            password)
        .advance(record);
  }

  private String password(RedisNames names) {
    ObjectKey key = new ObjectKey("Secret", names.namespace(), names.authSecret());
    if (!(liveObjects.apply(key) instanceof Secret secret)
        || secret.getData() == null
        || secret.getData().get(PASSWORD_KEY) == null) {
      throw new IllegalStateException(key + " has no " + PASSWORD_KEY + " yet");
    }
    return new String(
        Base64.getDecoder().decode(secret.getData().get(PASSWORD_KEY)), StandardCharsets.UTF_8);
  }
}
