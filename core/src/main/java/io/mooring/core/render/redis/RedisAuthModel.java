package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.render.common.LiveSecrets;
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

  Optional<Secret> generateSecret(String password) {
    if (!context.spec().authEnabled()) {
      return Optional.empty();
    }
    return Optional.of(
        RedisAuthSecret.withPassword(
            context.meta(context.names().authSecret(), RedisContext.COMPONENT_REDIS), password));
  }
}
