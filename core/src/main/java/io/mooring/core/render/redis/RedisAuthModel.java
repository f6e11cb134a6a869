package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.Secret;
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

  Optional<Secret> generateSecret() {
    if (!context.spec().authEnabled()) {
      return Optional.empty();
    }
    Secret secret =
        RedisAuthSecret.generate(
            context.meta(context.names().authSecret(), RedisContext.COMPONENT_REDIS),
            context.options().passwords());
    return Optional.of(secret);
  }
}
