package io.mooring.core.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.kube.Applier;
import io.mooring.core.reconcile.PodRollHook;
import io.mooring.core.redisops.RollStep;
import io.mooring.core.redisops.SentinelRoll;
import io.mooring.core.render.redis.RedisNames;
import io.mooring.core.render.redis.RedisPorts;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.RedisSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls a Redis app's Sentinel set in the cluster: pods are read and deleted through the API
 * server, the servers reached by their cluster DNS names with the password of the live Secret (the
 * one they run with), and the step in flight kept as an annotation on the StatefulSet.
 */
public final class KubernetesSentinelRoll implements PodRollHook {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesSentinelRoll.class);

  private final KubernetesClient client;
  private final Applier applier;
  private final Function<ObjectKey, HasMetadata> liveObjects;
  private final String clusterDomain;
  private final Duration bound;

  /**
   * @param liveObjects the live object with a key, or null (the cluster cache's {@code get})
   * @param bound how long one step (a restarted pod, a failover) may take to become healthy
   */
  public KubernetesSentinelRoll(
      KubernetesClient client,
      Applier applier,
      Function<ObjectKey, HasMetadata> liveObjects,
      String clusterDomain,
      Duration bound) {
    this.client = client;
    this.applier = applier;
    this.liveObjects = liveObjects;
    this.clusterDomain = clusterDomain;
    this.bound = bound;
  }

  @Override
  public void roll(AppSpec spec, StatefulSet live) {
    if (!(spec instanceof RedisSpec redis)) {
      throw new IllegalArgumentException(spec.ref() + " is not a Redis app; only Redis pods roll");
    }
    RedisNames names = new RedisNames(spec.ref(), clusterDomain);
    // Before any pod restarts: a pod of the new template logs in as Mooring's own users (a replica
    // to its master, the Sentinels to every pod), which servers started before those users existed
    // must know first.
    new KubernetesAclUsers(liveObjects, clusterDomain, Duration.ofSeconds(5))
        .addInternalUsers(redis);
    SentinelRoll roll =
        new SentinelRoll(
            names.masterName(),
            new StatefulSetRollPods(client, applier, live),
            access(names, redis),
            Clock.systemUTC(),
            bound,
            Duration.ofSeconds(1),
            redis.engine().version());
    RollStep outcome;
    try {
      outcome = roll.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted; the roll resumes on the next sync", e);
    }
    if (outcome instanceof RollStep.Degraded degraded) {
      throw new IllegalStateException("pod " + degraded.pod() + ": " + degraded.reason());
    }
    if (outcome instanceof RollStep.Refused refused) {
      throw new IllegalStateException(refused.reason());
    }
    LOG.info("{}: every Redis pod runs the current template", spec.ref());
  }

  private SetAccess access(RedisNames names, RedisSpec spec) {
    String suffix = "." + names.headlessDomain();
    return new SetAccess(
        pod -> pod + suffix,
        address ->
            address.endsWith(suffix)
                ? Optional.of(address.substring(0, address.length() - suffix.length()))
                : Optional.empty(),
        List.of(names.sentinelFqdn()),
        RedisPorts.REDIS,
        RedisPorts.SENTINEL,
        spec.authEnabled() ? logins(names) : List.of(),
        Duration.ofSeconds(5),
        RedisAppTls.client(liveObjects, names));
  }

  private List<RedisLogin> logins(RedisNames names) {
    ObjectKey key = new ObjectKey("Secret", names.namespace(), names.authSecret());
    List<RedisLogin> logins = RedisLogins.fromAuthSecret(liveObjects.apply(key));
    if (logins.isEmpty()) {
      throw new IllegalStateException(
          key + " has no " + RedisNames.PASSWORD_KEY + ": the servers' password");
    }
    return logins;
  }
}
