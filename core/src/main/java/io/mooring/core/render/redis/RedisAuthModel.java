package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.MooringLabels;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The Secret holding the password shared by Redis, Sentinel, the exporter and the master proxy. The
 * value is generated at render time; the generated-keys annotation tells the planner to create it
 * once and never overwrite it, so the password in the cluster stays the one the servers were
 * started with.
 */
final class RedisAuthModel {
  static final String PASSWORD_KEY = "redis-password";

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
    String encoded = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
    Secret secret =
        new SecretBuilder()
            .withMetadata(context.meta(context.names().authSecret(), RedisContext.COMPONENT_REDIS))
            .editMetadata()
            .addToAnnotations(MooringLabels.GENERATED_KEYS_ANNOTATION, PASSWORD_KEY)
            .endMetadata()
            .withType("Opaque")
            .withData(Map.of(PASSWORD_KEY, encoded))
            .build();
    return Optional.of(secret);
  }
}
