package io.mooring.core.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.reconcile.LiveSettingsHook;
import io.mooring.core.render.redis.RedisDirectives;
import io.mooring.core.render.redis.RedisNames;
import io.mooring.core.render.redis.RedisPorts;
import io.mooring.core.spec.AppRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code CONFIG SET} of the changed directives Redis takes at runtime ({@link RedisDirectives}) on
 * every pod of a Redis app, each reached by its stable DNS name {@code <pod>.<headless
 * service>.<namespace>.svc.<cluster domain>} with the password of the live auth Secret. Every pod
 * is tried; the failures are reported together.
 */
public final class RedisLiveSettings implements LiveSettingsHook {

  private final Function<ObjectKey, HasMetadata> liveObjects;
  private final Function<RedisNames, Function<Integer, String>> podAddress;
  private final String clusterDomain;
  private final int port;
  private final Duration timeout;

  /** In the cluster: each pod by its DNS name, on the Redis port. */
  public RedisLiveSettings(
      Function<ObjectKey, HasMetadata> liveObjects, String clusterDomain, Duration timeout) {
    this(liveObjects, names -> names::podFqdn, clusterDomain, RedisPorts.REDIS, timeout);
  }

  /**
   * Reaching each pod elsewhere than by its DNS name.
   *
   * @param podAddress where each pod (by ordinal) of an app answers
   */
  public RedisLiveSettings(
      Function<ObjectKey, HasMetadata> liveObjects,
      Function<RedisNames, Function<Integer, String>> podAddress,
      String clusterDomain,
      int port,
      Duration timeout) {
    this.liveObjects = liveObjects;
    this.podAddress = podAddress;
    this.clusterDomain = clusterDomain;
    this.port = port;
    this.timeout = timeout;
  }

  @Override
  public void apply(AppRef app, int replicas, String before, String after) {
    Map<String, String> settings =
        RedisConfChanges.between(before, after, RedisDirectives::live).live();
    if (settings.isEmpty()) {
      return;
    }
    RedisNames names = new RedisNames(app, clusterDomain);
    List<RedisLogin> logins =
        RedisLogins.fromAuthSecret(
            liveObjects.apply(new ObjectKey("Secret", names.namespace(), names.authSecret())));
    Optional<RedisTlsClient> tls = RedisAppTls.client(liveObjects, names);
    List<String> failures = new ArrayList<>();
    for (int ordinal = 0; ordinal < replicas; ordinal++) {
      String host = podAddress.apply(names).apply(ordinal);
      try (RedisConnection server = RedisConnection.open(host, port, logins, timeout, tls)) {
        for (Map.Entry<String, String> setting : settings.entrySet()) {
          server.call("CONFIG", "SET", setting.getKey(), setting.getValue());
        }
      } catch (RuntimeException e) {
        failures.add(names.pod(ordinal) + ": " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(
          "settings " + settings.keySet() + " not applied on " + String.join("; ", failures));
    }
  }
}
