package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mooring.core.render.common.MooringLabels;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The Secret Mooring generates for a spec's ACL user that names no Secret of its own, and how the
 * start script gets a user's passwords. Like the auth Secret, the generated key is created once and
 * then kept: a password rotation is the only thing that changes it, and it also keeps the previous
 * value under {@link #PREVIOUS_PASSWORD_KEY} while that one still works.
 */
public final class RedisUserSecret {
  public static final String PASSWORD_KEY = "password";

  /** Written by a rotation for its overlap, so a pod that restarts meanwhile still accepts it. */
  public static final String PREVIOUS_PASSWORD_KEY = "previous-password";

  /** The auth Secret's key of the default user's previous password during a rotation's overlap. */
  public static final String PREVIOUS_AUTH_KEY = "previous-" + RedisAuthSecret.PASSWORD_KEY;

  /**
   * Written by a rotation before any server hears of the new password, so that a restarted Mooring
   * goes on with the same one.
   */
  public static final String NEXT_PASSWORD_KEY = "next-password";

  /** The auth Secret's key of the default user's new password before a rotation switches to it. */
  public static final String NEXT_AUTH_KEY = "next-" + RedisAuthSecret.PASSWORD_KEY;

  /** The Redis ConfigMap's key of the users' names and rules, present only when there are users. */
  public static final String USERS_FILE = "acl-users";

  private RedisUserSecret() {}

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

  /**
   * {@code name} read from {@code key} of {@code secret}; an optional key may be absent (a previous
   * password exists only during a rotation).
   */
  static EnvVar env(String name, String secret, String key, boolean optional) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .withOptional(optional ? Boolean.TRUE : null)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
