package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.PasswordGenerator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The password Secret of a Redis app and how containers get the password, shared by every kind of
 * Redis app. The value is generated at render time; the generated-keys annotation tells the planner
 * to create it once and never overwrite it, so the password in the cluster stays the one the
 * servers were started with. Containers read it from the Secret through {@link #PASSWORD_ENV};
 * start scripts write it as both {@code requirepass} and {@code masterauth}, so replicas
 * authenticate to their master with it.
 */
public final class RedisAuthSecret {
  public static final String PASSWORD_KEY = "redis-password";

  /** The environment variable every container reads the password from; scripts rely on the name. */
  public static final String PASSWORD_ENV = "REDIS_PASSWORD";

  private RedisAuthSecret() {}

  /** The Secret named by {@code metadata}, holding a password generated for it. */
  public static Secret generate(ObjectMeta metadata, PasswordGenerator passwords) {
    return withPassword(metadata, passwords.generate(metadata.getName() + "/" + PASSWORD_KEY));
  }

  /**
   * The Secret named by {@code metadata}, holding {@code password} (the live one, so that a
   * connection Secret rendered beside it carries the same value).
   */
  public static Secret withPassword(ObjectMeta metadata, String password) {
    String encoded = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
    return new SecretBuilder()
        .withMetadata(metadata)
        .editMetadata()
        .addToAnnotations(MooringLabels.GENERATED_KEYS_ANNOTATION, PASSWORD_KEY)
        .endMetadata()
        .withType("Opaque")
        .withData(Map.of(PASSWORD_KEY, encoded))
        .build();
  }

  /** {@link #PASSWORD_ENV} as a reference to the Secret; never as a literal value. */
  public static EnvVar passwordEnv(String secretName) {
    return new EnvVarBuilder()
        .withName(PASSWORD_ENV)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secretName)
        .withKey(PASSWORD_KEY)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  /** The pod's own name, from which scripts derive its stable DNS name. */
  public static EnvVar podNameEnv() {
    return new EnvVarBuilder()
        .withName("POD_NAME")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("metadata.name")
        .endFieldRef()
        .endValueFrom()
        .build();
  }
}
