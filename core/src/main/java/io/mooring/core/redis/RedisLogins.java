package io.mooring.core.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.render.redis.RedisAuthSecret;
import io.mooring.core.render.redis.RedisInternalUsers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * How Mooring logs in to a Redis app's servers: as its operator user, whose password no rotation of
 * the app's password touches, and, for servers started before that user existed (until the live
 * sync creates it or the pods roll), as the default user with the app's password.
 */
public final class RedisLogins {
  private RedisLogins() {}

  /** The logins the app's auth Secret allows, in the order to try them; empty without one. */
  public static List<RedisLogin> fromAuthSecret(HasMetadata authSecret) {
    List<RedisLogin> logins = new ArrayList<>();
    if (authSecret instanceof Secret secret) {
      value(secret, RedisInternalUsers.OPERATOR.secretKey())
          .ifPresent(
              password -> logins.add(new RedisLogin(RedisInternalUsers.OPERATOR.name(), password)));
      value(secret, RedisAuthSecret.PASSWORD_KEY)
          .ifPresent(password -> logins.add(RedisLogin.defaultUser(password)));
    }
    return logins;
  }

  /** The password under {@code key} of {@code secret}, if it has one. */
  static Optional<String> value(Secret secret, String key) {
    if (secret.getData() == null || secret.getData().get(key) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
  }
}
