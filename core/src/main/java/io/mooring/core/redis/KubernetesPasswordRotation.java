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
import io.mooring.core.render.rediscluster.RedisClusterNames;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.PasswordRotation;
import io.mooring.core.spec.RedisAclUser;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A Redis app's password rotations in the cluster: the default user's (also the Sentinels' password
 * for each other; replication, the Sentinels' logins to the pods, the exporter and the master proxy
 * use Mooring's own users and need neither a change nor a restart), recorded on the Redis
 * StatefulSet, then each generated ACL user's, recorded on that user's Secret; each goes through
 * the same steps on the same request. A user with a Secret of its own is not rotated: whoever owns
 * that Secret changes it, and the ACL users hook sets it live. Mooring's own users rotate on the
 * same request ({@link InternalUsersRotation}), recorded on the auth Secret. A Redis Cluster's
 * rotations are the same on every node of every shard, with no Sentinel; its replicas log in as
 * Mooring's replication user, which rotates with Mooring's own users.
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
    RotationTarget target =
        new RotationTarget(
            new ObjectKey("StatefulSet", names.namespace(), names.redis()),
            names.authSecret(),
            generated(spec.aclUsers(), names.namespace(), names::userSecret),
            () -> servers.redis(names, spec.replicas()),
            spec.highlyAvailable() ? () -> servers.sentinels(names) : List::of,
            names.masterName(),
            spec.tls().enabled() ? RedisAppTls.client(cache::get, names) : Optional.empty(),
            InternalUsersRotation.ROTATED);
    return rotate(target, spec.ref(), spec.annotations(), spec.passwordRotation(), liveBefore);
  }

  /**
   * As for a Redis app, on every node of every shard: the app password's record is on the first
   * shard's StatefulSet, the one a cluster always has.
   */
  @Override
  public boolean rotateCluster(RedisClusterSpec spec, Set<ObjectKey> liveBefore) {
    RedisClusterNames names = new RedisClusterNames(spec.ref(), clusterDomain);
    RotationTarget target =
        new RotationTarget(
            new ObjectKey("StatefulSet", names.namespace(), names.shard(0)),
            names.authSecret(),
            generated(spec.aclUsers(), names.namespace(), names::userSecret),
            () -> servers.clusterNodes(names, spec.masters(), spec.nodesPerShard()),
            List::of,
            "",
            spec.tls().enabled()
                ? RedisAppTls.caPem(cache::get, names.namespace(), names.tlsSecret())
                    .map(RedisTlsClient::trusting)
                : Optional.empty(),
            InternalUsersRotation.CLUSTER_ROTATED);
    return rotate(target, spec.ref(), spec.annotations(), spec.passwordRotation(), liveBefore);
  }

  /** The Secrets of the users whose password Mooring generates, and so rotates. */
  private static List<RotationTarget.UserSecret> generated(
      List<RedisAclUser> users, String namespace, Function<RedisAclUser, String> secret) {
    return users.stream()
        .filter(user -> user.passwordSecretRef().isEmpty())
        .map(
            user ->
                new RotationTarget.UserSecret(
                    user.name(), new ObjectKey("Secret", namespace, secret.apply(user))))
        .toList();
  }

  private boolean rotate(
      RotationTarget target,
      AppRef app,
      Map<String, String> annotations,
      PasswordRotation policy,
      Set<ObjectKey> liveBefore) {
    ObjectKey set = target.recordHolder();
    if (cache.get(set) == null) {
      return false;
    }
    Optional<String> requested = Optional.ofNullable(annotations.get(PasswordRotation.ANNOTATION));
    RedisPasswordRotation.Keys auth =
        new RedisPasswordRotation.Keys(
            target.authSecret(),
            RedisAuthSecret.PASSWORD_KEY,
            RedisUserSecret.NEXT_AUTH_KEY,
            RedisUserSecret.PREVIOUS_AUTH_KEY);
    KubernetesRotationStore store = new KubernetesRotationStore(app, set, cache, applier);
    List<String> failures = new ArrayList<>();
    // First, so that every new password of the request is drawn and kept in the first sync.
    try {
      rotateInternalUsers(app, target, requested, policy, liveBefore);
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
                  RedisPasswordRotation.Credential.DEFAULT_USER, auth, target.tls()),
              target.redis(),
              target.sentinels(),
              target.masterName(),
              requested,
              policy,
              liveBefore.contains(set));
    } catch (RuntimeException e) {
      failures.add(0, e.getMessage());
      throw new IllegalStateException(String.join("; ", failures), e);
    }
    for (RotationTarget.UserSecret user : target.userSecrets()) {
      ObjectKey secret = user.secret();
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
                new KubernetesRotationStore(app, secret, cache, applier),
                keys,
                new RedisPasswordRotation.Credential(user.user(), auth, target.tls()),
                target.redis(),
                List::of,
                target.masterName(),
                requested,
                policy,
                liveBefore.contains(secret));
      } catch (RuntimeException e) {
        failures.add("user " + user.user() + ": " + e.getMessage());
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
      AppRef app,
      RotationTarget target,
      Optional<String> requested,
      PasswordRotation policy,
      Set<ObjectKey> liveBefore) {
    ObjectKey secret = new ObjectKey("Secret", app.namespace(), target.authSecret());
    KubernetesRotationStore store = new KubernetesRotationStore(app, secret, cache, applier);
    if (cache.get(secret) == null
        || store.value(secret.name(), RedisInternalUsers.OPERATOR.secretKey()).isEmpty()) {
      return;
    }
    boolean existedBefore = liveBefore.contains(secret);
    RotationPlanner.Step step = plan(store, requested, policy, existedBefore);
    if (step instanceof RotationPlanner.Step.Remember remember) {
      store.record(remember.record());
      step = plan(store, requested, policy, existedBefore);
    }
    if (step instanceof RotationPlanner.Step.Idle || step instanceof RotationPlanner.Step.Overlap) {
      return;
    }
    new InternalUsersRotation(
            store,
            secret.name(),
            target.internalUsers(),
            target.redis().get(),
            target.sentinels().get(),
            target.masterName(),
            passwords,
            clock,
            timeout,
            target.tls())
        .run(requested, policy, existedBefore);
  }

  private boolean rotate(
      RedisPasswordRotation.Store store,
      RedisPasswordRotation.Keys keys,
      RedisPasswordRotation.Credential credential,
      RotationTarget.ServerList redis,
      RotationTarget.ServerList sentinels,
      String masterName,
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
            masterName,
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
