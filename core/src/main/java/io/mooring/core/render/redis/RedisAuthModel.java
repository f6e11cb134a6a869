package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.render.common.LiveSecrets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Secret holding the password shared by Redis, Sentinel, the exporter and the master proxy,
 * when auth is on; see {@link RedisAuthSecret}.
 */
final class RedisAuthModel {
  static final String PASSWORD_KEY = RedisAuthSecret.PASSWORD_KEY;

  private final RedisContext context;

  RedisAuthModel(RedisContext context) {
    this.context = context;
  }

  /**
   * The app's password: the live one when the Secret exists, otherwise a new one; empty when auth
   * is off. Drawn once per render, so the auth Secret and the connection Secret carry the same.
   */
  String password(LiveSecrets live) {
    if (!context.spec().authEnabled()) {
      return "";
    }
    String secret = context.names().authSecret();
    return live.value(secret, PASSWORD_KEY)
        .orElseGet(() -> context.options().passwords().generate(secret + "/" + PASSWORD_KEY));
  }

  /**
   * The passwords of Mooring's own users by Secret key: the live ones, or new ones for the keys the
   * Secret lacks (an app created before they existed gets them added, its own password kept).
   */
  Map<String, String> internalPasswords(LiveSecrets live) {
    Map<String, String> passwords = new LinkedHashMap<>();
    if (!context.spec().authEnabled()) {
      return passwords;
    }
    String secret = context.names().authSecret();
    for (RedisInternalUser user : RedisInternalUsers.ALL) {
      passwords.put(
          user.secretKey(),
          live.value(secret, user.secretKey())
              .orElseGet(
                  () -> context.options().passwords().generate(secret + "/" + user.secretKey())));
    }
    return passwords;
  }

  Optional<Secret> generateSecret(String password, LiveSecrets live) {
    if (!context.spec().authEnabled()) {
      return Optional.empty();
    }
    return Optional.of(
        RedisAuthSecret.withPasswords(
            context.meta(context.names().authSecret(), RedisContext.COMPONENT_REDIS),
            password,
            internalPasswords(live)));
  }
}
