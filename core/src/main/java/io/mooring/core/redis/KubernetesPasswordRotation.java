package io.mooring.core.redis;

import io.mooring.core.diff.ObjectKey;
import io.mooring.core.kube.Applier;
import io.mooring.core.kube.ClusterCache;
import io.mooring.core.reconcile.PasswordRotationHook;
import io.mooring.core.redisops.RotationPlanner;
import io.mooring.core.render.common.PasswordGenerator;
import io.mooring.core.render.redis.RedisAuthSecret;
import io.mooring.core.render.redis.RedisInternalUsers;
import io.mooring.core.render.redis.RedisNames;
import io.mooring.core.render.redis.RedisUserSecret;
import io.mooring.core.spec.PasswordRotation;
import io.mooring.core.spec.RedisAclUser;
import io.mooring.core.spec.RedisSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Redis app's password rotations in the cluster: the default user's (also the Sentinels' password
 * for each other; replication, the Sentinels' logins to the pods, the exporter and the master proxy
 * use Mooring's own users and need neither a change nor a restart), recorded on the Redis
 * StatefulSet, then each generated ACL user's, recorded on that user's Secret; each goes through
 * the same steps on the same request. A user with a Secret of its own is not rotated: whoever owns
 * that Secret changes it, and the ACL users hook sets it live. Mooring's own users rotate on the
 * same request ({@link InternalUsersRotation}), recorded on the auth Secret.
 */
public final class KubernetesPasswordRotation implements PasswordRotationHook {
  private final ClusterCache cache;
  private final Applier applier;
  private final RotationServers servers;
  private final String clusterDomain;
  private final PasswordGenerator passwords;
  private final Clock clock;
  private final Duration timeout;

  public KubernetesPasswordRotation(
      ClusterCache cache,
      Applier applier,
      RotationServers servers,
      String clusterDomain,
      PasswordGenerator passwords,
      Clock clock,
      Duration timeout) {
    this.cache = cache;
    this.applier = applier;
    this.servers = servers;
    this.clusterDomain = clusterDomain;
    this.passwords = passwords;
    this.clock = clock;
    this.timeout = timeout;
  }

  @Override
  public boolean rotate(RedisSpec spec, Set<ObjectKey> liveBefore) {
    RedisNames names = new RedisNames(spec.ref(), clusterDomain);
    ObjectKey set = new ObjectKey("StatefulSet", names.namespace(), names.redis());
    if (cache.get(set) == null) {
      return false;
    }
    Optional<String> requested =
        Optional.ofNullable(spec.annotations().get(PasswordRotation.ANNOTATION));
    RedisPasswordRotation.Keys auth =
        new RedisPasswordRotation.Keys(
            names.authSecret(),
            RedisAuthSecret.PASSWORD_KEY,
            RedisUserSecret.NEXT_AUTH_KEY,
            RedisUserSecret.PREVIOUS_AUTH_KEY);
    Optional<RedisTlsClient> tls =
        spec.tls().enabled() ? RedisAppTls.client(cache::get, names) : Optional.empty();
    ServerList redis = () -> servers.redis(names, spec.replicas());
    KubernetesRotationStore store = new KubernetesRotationStore(spec.ref(), set, cache, applier);
    List<String> failures = new ArrayList<>();
    // First, so that every new password of the request is drawn and kept in the first sync.
    try {
      rotateInternalUsers(spec, names, redis, tls, requested, liveBefore);
    } catch (RuntimeException e) {
      failures.add("Mooring's own users: " + e.getMessage());
    }
    boolean switched;
    try {
      switched =
          rotate(
              store,
              auth,
              new RedisPasswordRotation.Credential(
                  RedisPasswordRotation.Credential.DEFAULT_USER, auth, tls),
              redis,
              spec.highlyAvailable() ? () -> servers.sentinels(names) : List::of,
              names,
              requested,
              spec.passwordRotation(),
              liveBefore.contains(set));
    } catch (RuntimeException e) {
      failures.add(0, e.getMessage());
      throw new IllegalStateException(String.join("; ", failures), e);
    }
    for (RedisAclUser user : spec.aclUsers()) {
      if (user.passwordSecretRef().isPresent()) {
        continue;
      }
      ObjectKey secret = new ObjectKey("Secret", names.namespace(), names.userSecret(user));
      if (cache.get(secret) == null) {
        continue;
      }
      RedisPasswordRotation.Keys keys =
          new RedisPasswordRotation.Keys(
              secret.name(),
              RedisUserSecret.PASSWORD_KEY,
              RedisUserSecret.NEXT_PASSWORD_KEY,
              RedisUserSecret.PREVIOUS_PASSWORD_KEY);
      try {
        switched |=
            rotate(
                new KubernetesRotationStore(spec.ref(), secret, cache, applier),
                keys,
                new RedisPasswordRotation.Credential(user.name(), auth, tls),
                redis,
                List::of,
                names,
                requested,
                spec.passwordRotation(),
                liveBefore.contains(secret));
      } catch (RuntimeException e) {
        failures.add("user " + user.name() + ": " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(String.join("; ", failures));
    }
    return switched;
  }

  /**
   * Mooring's own users rotate on the same request, recorded on the auth Secret; an app started
   * before they existed has none to rotate.
   */
  private void rotateInternalUsers(
      RedisSpec spec,
      RedisNames names,
      ServerList redis,
      Optional<RedisTlsClient> tls,
      Optional<String> requested,
      Set<ObjectKey> liveBefore) {
    ObjectKey secret = new ObjectKey("Secret", names.namespace(), names.authSecret());
    KubernetesRotationStore store = new KubernetesRotationStore(spec.ref(), secret, cache, applier);
    if (cache.get(secret) == null
        || store.value(secret.name(), RedisInternalUsers.OPERATOR.secretKey()).isEmpty()) {
      return;
    }
    boolean existedBefore = liveBefore.contains(secret);
    RotationPlanner.Step step = plan(store, requested, spec.passwordRotation(), existedBefore);
    if (step instanceof RotationPlanner.Step.Remember remember) {
      store.record(remember.record());
      step = plan(store, requested, spec.passwordRotation(), existedBefore);
    }
    if (step instanceof RotationPlanner.Step.Idle || step instanceof RotationPlanner.Step.Overlap) {
      return;
    }
    new InternalUsersRotation(
            store,
            secret.name(),
            redis.get(),
            spec.highlyAvailable() ? servers.sentinels(names) : List.of(),
            names.masterName(),
            passwords,
            clock,
            timeout,
            tls)
        .run(requested, spec.passwordRotation(), existedBefore);
  }

  /** Servers are looked up only when a step needs them: most syncs take no step. */
  private interface ServerList {
    List<RedisAclSync.Server> get();
  }

  private boolean rotate(
      RedisPasswordRotation.Store store,
      RedisPasswordRotation.Keys keys,
      RedisPasswordRotation.Credential credential,
      ServerList redis,
      ServerList sentinels,
      RedisNames names,
      Optional<String> requested,
      PasswordRotation policy,
      boolean existedBefore) {
    RotationPlanner.Step step = plan(store, requested, policy, existedBefore);
    if (step instanceof RotationPlanner.Step.Remember remember) {
      // Remembering takes no server: an app whose pods are not up yet is remembered all the same.
      store.record(remember.record());
      step = plan(store, requested, policy, existedBefore);
    }
    if (step instanceof RotationPlanner.Step.Idle || step instanceof RotationPlanner.Step.Overlap) {
      return false;
    }
    Optional<String> before = store.value(keys.secret(), keys.current());
    new RedisPasswordRotation(
            store,
            keys,
            credential,
            redis.get(),
            sentinels.get(),
            names.masterName(),
            passwords,
            clock,
            timeout)
        .run(requested, policy, existedBefore);
    return !Objects.equals(before, store.value(keys.secret(), keys.current()));
  }

  private RotationPlanner.Step plan(
      RedisPasswordRotation.Store store,
      Optional<String> requested,
      PasswordRotation policy,
      boolean existedBefore) {
    return RotationPlanner.next(store.record(), requested, policy, clock.instant(), existedBefore);
  }
}
