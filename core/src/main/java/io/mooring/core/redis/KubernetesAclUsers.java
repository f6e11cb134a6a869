package io.mooring.core.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.reconcile.AclUsersHook;
import io.mooring.core.render.redis.RedisInternalUser;
import io.mooring.core.render.redis.RedisInternalUsers;
import io.mooring.core.render.redis.RedisNames;
import io.mooring.core.render.redis.RedisPorts;
import io.mooring.core.render.redis.RedisUserSecret;
import io.mooring.core.render.rediscluster.RedisClusterInternalUsers;
import io.mooring.core.render.rediscluster.RedisClusterNames;
import io.mooring.core.spec.RedisAclUser;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.SecretKeyRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Redis or Redis Cluster app's ACL users set on its pods in the cluster, each pod reached by its
 * stable DNS name (over TLS with the app's CA when it serves TLS) and logged into as Mooring's
 * operator user (or, on a server started before that user existed, with the live auth Secret's
 * password). Mooring's own users are set too, from the auth Secret. Passwords come from the Secrets
 * the pods read at start: the generated one (with the previous password while a rotation's overlap
 * lasts, and the new one a rotation keeps before it switches to it), or the user's own.
 */
public final class KubernetesAclUsers implements AclUsersHook {
  private final Function<ObjectKey, HasMetadata> secrets;
  private final String clusterDomain;
  private final Duration timeout;

  /**
   * @param secrets a Secret by key, or null: the user's own Secrets are not Mooring's, so this must
   *     read beyond the cluster cache
   */
  public KubernetesAclUsers(
      Function<ObjectKey, HasMetadata> secrets, String clusterDomain, Duration timeout) {
    this.secrets = secrets;
    this.clusterDomain = clusterDomain;
    this.timeout = timeout;
  }

  @Override
  public void apply(RedisSpec spec) {
    RedisNames names = new RedisNames(spec.ref(), clusterDomain);
    List<RedisAclSync.User> users =
        new ArrayList<>(users(names.namespace(), spec.aclUsers(), names::userSecret));
    users.addAll(internalUsers(spec, names));
    sync(spec, names).apply(servers(spec, names), users);
  }

  /**
   * Mooring's own users set on every running server of the app, the spec's users left as they are:
   * before a roll restarts any pod, so that a replica that comes back logging in as the replication
   * user finds that user on a master started before it existed. Nothing when auth is off.
   */
  public void addInternalUsers(RedisSpec spec) {
    RedisNames names = new RedisNames(spec.ref(), clusterDomain);
    List<RedisAclSync.User> users = internalUsers(spec, names);
    if (!users.isEmpty()) {
      sync(spec, names).add(servers(spec, names), users);
    }
  }

  private RedisAclSync sync(RedisSpec spec, RedisNames names) {
    List<RedisLogin> logins =
        spec.authEnabled()
            ? RedisLogins.fromAuthSecret(
                secrets.apply(new ObjectKey("Secret", names.namespace(), names.authSecret())))
            : List.of();
    return new RedisAclSync(logins, timeout, RedisAppTls.client(secrets, names));
  }

  private static List<RedisAclSync.Server> servers(RedisSpec spec, RedisNames names) {
    List<RedisAclSync.Server> servers = new ArrayList<>();
    for (int ordinal = 0; ordinal < spec.replicas(); ordinal++) {
      servers.add(
          new RedisAclSync.Server(names.pod(ordinal), names.podFqdn(ordinal), RedisPorts.REDIS));
    }
    return servers;
  }

  /** Mooring's own users with their passwords from the auth Secret; none when auth is off. */
  private List<RedisAclSync.User> internalUsers(RedisSpec spec, RedisNames names) {
    return spec.authEnabled()
        ? ownUsers(names.namespace(), names.authSecret(), RedisInternalUsers.ALL)
        : List.of();
  }

  /**
   * {@code users} with every password the auth Secret holds for each: the current one, and while a
   * rotation of them is in flight its other one, valid until the rotation drops it.
   */
  private List<RedisAclSync.User> ownUsers(
      String namespace, String authSecret, List<RedisInternalUser> users) {
    List<RedisAclSync.User> withPasswords = new ArrayList<>();
    for (RedisInternalUser user : users) {
      Optional<String> password = value(namespace, authSecret, user.secretKey());
      if (password.isEmpty()) {
        throw new IllegalStateException(
            "Secret " + authSecret + " has no key " + user.secretKey() + " yet");
      }
      List<String> passwords = new ArrayList<>(List.of(password.get()));
      for (String key : List.of(user.nextSecretKey(), user.previousSecretKey())) {
        value(namespace, authSecret, key).ifPresent(passwords::add);
      }
      withPasswords.add(new RedisAclSync.User(user.name(), user.rules(), passwords));
    }
    return withPasswords;
  }

  @Override
  public void applyCluster(RedisClusterSpec spec) {
    RedisClusterNames names = new RedisClusterNames(spec.ref(), clusterDomain);
    List<RedisAclSync.User> users =
        new ArrayList<>(users(names.namespace(), spec.aclUsers(), names::userSecret));
    // Mooring's own users are among those kept, or the sync would remove them.
    users.addAll(clusterInternalUsers(names));
    clusterSync(names).apply(clusterServers(spec, names), users);
  }

  /**
   * As {@link #addInternalUsers} on every node of a Redis Cluster: before a roll restarts any node,
   * so that a replica that comes back logging in as the replication user finds that user on a
   * master started before it existed.
   */
  public void addClusterInternalUsers(RedisClusterSpec spec) {
    RedisClusterNames names = new RedisClusterNames(spec.ref(), clusterDomain);
    clusterSync(names).add(clusterServers(spec, names), clusterInternalUsers(names));
  }

  private RedisAclSync clusterSync(RedisClusterNames names) {
    return new RedisAclSync(
        RedisLogins.fromAuthSecret(
            secrets.apply(new ObjectKey("Secret", names.namespace(), names.authSecret()))),
        timeout,
        RedisAppTls.caPem(secrets, names.namespace(), names.tlsSecret())
            .map(RedisTlsClient::trusting));
  }

  private static List<RedisAclSync.Server> clusterServers(
      RedisClusterSpec spec, RedisClusterNames names) {
    List<RedisAclSync.Server> servers = new ArrayList<>();
    for (int shard = 0; shard < spec.masters(); shard++) {
      for (int ordinal = 0; ordinal < spec.nodesPerShard(); ordinal++) {
        servers.add(
            new RedisAclSync.Server(
                names.pod(shard, ordinal), names.podFqdn(shard, ordinal), RedisPorts.REDIS));
      }
    }
    return servers;
  }

  private List<RedisAclSync.User> clusterInternalUsers(RedisClusterNames names) {
    return ownUsers(names.namespace(), names.authSecret(), RedisClusterInternalUsers.ALL);
  }

  /** The spec's users with every password that logs them in now, from their Secrets. */
  private List<RedisAclSync.User> users(
      String namespace, List<RedisAclUser> spec, Function<RedisAclUser, String> userSecret) {
    List<RedisAclSync.User> users = new ArrayList<>();
    for (RedisAclUser user : spec) {
      SecretKeyRef ref =
          user.passwordSecretRef()
              .orElse(new SecretKeyRef(userSecret.apply(user), RedisUserSecret.PASSWORD_KEY));
      List<String> passwords = new ArrayList<>();
      value(namespace, ref.name(), ref.key()).ifPresent(passwords::add);
      if (user.passwordSecretRef().isEmpty()) {
        // A rotation's passwords: the old one during its overlap, and the new one it keeps from
        // before it adds it until it switches, so that this sync never takes either away.
        for (String key :
            List.of(RedisUserSecret.PREVIOUS_PASSWORD_KEY, RedisUserSecret.NEXT_PASSWORD_KEY)) {
          value(namespace, ref.name(), key)
              .filter(other -> !passwords.contains(other))
              .ifPresent(passwords::add);
        }
      }
      if (passwords.isEmpty()) {
        throw new IllegalStateException(
            "user " + user.name() + ": Secret " + ref.name() + " has no key " + ref.key());
      }
      users.add(new RedisAclSync.User(user.name(), user.rules(), passwords));
    }
    return users;
  }

  private Optional<String> value(String namespace, String secret, String key) {
    if (!(secrets.apply(new ObjectKey("Secret", namespace, secret)) instanceof Secret s)
        || s.getData() == null
        || s.getData().get(key) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8));
  }
}
