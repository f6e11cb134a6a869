package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
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
  static final String PASSWORD_KEY = RedisNames.PASSWORD_KEY;

  private final RedisContext context;

  RedisAuthModel(RedisContext context) {
    this.context = context;
  }

  Optional<Secret> generateSecret() {
    if (!context.spec().authEnabled()) {
      return Optional.empty();
    }
    String password =
        context.options().passwords().generate(context.names().authSecret() + "/" + PASSWORD_KEY);
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
