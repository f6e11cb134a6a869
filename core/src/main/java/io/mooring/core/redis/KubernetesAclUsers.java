package io.mooring.core.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.reconcile.AclUsersHook;
import io.mooring.core.render.redis.RedisNames;
import io.mooring.core.render.redis.RedisPorts;
import io.mooring.core.render.redis.RedisUserSecret;
import io.mooring.core.spec.RedisAclUser;
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
 * A Redis app's ACL users set on its pods in the cluster, each pod reached by its stable DNS name
 * and logged into with the live auth Secret's password. Passwords come from the Secrets the pods
 * read at start: the generated one (with the previous password while a rotation's overlap lasts,
 * and the new one a rotation keeps before it switches to it), or the user's own.
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
    List<RedisAclSync.User> users = new ArrayList<>();
    for (RedisAclUser user : spec.aclUsers()) {
      SecretKeyRef ref =
          user.passwordSecretRef()
              .orElse(new SecretKeyRef(names.userSecret(user), RedisUserSecret.PASSWORD_KEY));
      List<String> passwords = new ArrayList<>();
      value(names, ref.name(), ref.key()).ifPresent(passwords::add);
      if (user.passwordSecretRef().isEmpty()) {
        // A rotation's passwords: the old one during its overlap, and the new one it keeps from
        // before it adds it until it switches, so that this sync never takes either away.
        for (String key :
            List.of(RedisUserSecret.PREVIOUS_PASSWORD_KEY, RedisUserSecret.NEXT_PASSWORD_KEY)) {
          value(names, ref.name(), key)
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
    String admin =
        spec.authEnabled()
            ? value(names, names.authSecret(), RedisNames.PASSWORD_KEY).orElse(null)
            : null;
    List<RedisAclSync.Server> servers = new ArrayList<>();
    for (int ordinal = 0; ordinal < spec.replicas(); ordinal++) {
      servers.add(
          new RedisAclSync.Server(names.pod(ordinal), names.podFqdn(ordinal), RedisPorts.REDIS));
    }
    new RedisAclSync(null, admin, timeout).apply(servers, users);
  }

  private Optional<String> value(RedisNames names, String secret, String key) {
    if (!(secrets.apply(new ObjectKey("Secret", names.namespace(), secret)) instanceof Secret s)
        || s.getData() == null
        || s.getData().get(key) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8));
  }
}
