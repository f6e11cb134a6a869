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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The password Secret of a Redis app and how containers get the password, shared by every kind of
 * Redis app. The value is generated at render time; the generated-keys annotation tells the planner
 * to create it once and never overwrite it, so the password in the cluster stays the one the
 * servers were started with. Containers read it from the Secret through {@link #PASSWORD_ENV};
 * start scripts write it as {@code requirepass}. The same Secret holds the passwords of Mooring's
 * own users ({@link RedisInternalUsers}), generated and kept the same way.
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
    return withPasswords(metadata, password, Map.of());
  }

  /**
   * As {@link #withPassword}, with {@code others} (more generated passwords by key: those of
   * Mooring's own users) beside it.
   */
  public static Secret withPasswords(
      ObjectMeta metadata, String password, Map<String, String> others) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(PASSWORD_KEY, encode(password));
    others.forEach((key, value) -> data.put(key, encode(value)));
    return new SecretBuilder()
        .withMetadata(metadata)
        .editMetadata()
        .addToAnnotations(MooringLabels.GENERATED_KEYS_ANNOTATION, String.join(",", data.keySet()))
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  private static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code env} read from {@code key} of the auth Secret; never as a literal value. */
  public static EnvVar secretEnv(String env, String secretName, String key) {
    return new EnvVarBuilder()
        .withName(env)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secretName)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
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
