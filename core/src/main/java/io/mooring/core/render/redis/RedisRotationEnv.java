package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.mooring.core.spec.RedisAclUser;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The passwords a rotation has in flight, as optional variables of the containers whose start
 * script writes users: beside a user's current password in {@code <NAME>_PASSWORD}, the new one a
 * rotation keeps before it switches to it ({@code <NAME>_NEXT_PASSWORD}) and the old one during its
 * overlap ({@code <NAME>_PREVIOUS_PASSWORD}). A server that restarts mid-rotation thus comes back
 * with every password the Secret holds at that moment and takes whichever one its peers and clients
 * use, where with the current one alone it would refuse those already switched (or not yet). Who
 * logs in with a password ({@code masterauth}, a Sentinel's {@code auth-pass} and {@code
 * sentinel-pass}) reads the current one only, which the rotation's switch step moves live. The keys
 * exist only while a rotation is in flight, so every variable is optional.
 */
final class RedisRotationEnv {
  private static final String SUFFIX = "_PASSWORD";

  /** The spec users' new passwords, the i-th user's under this prefix and {@code i}. */
  static final String USER_NEXT_PASSWORD_ENV = "ACL_USER_NEXT_PASSWORD_";

  private RedisRotationEnv() {}

  /** The variable of the new password beside {@code env}, the current one's. */
  static String nextEnv(String env) {
    return base(env) + "_NEXT" + SUFFIX;
  }

  /** The variable of the previous password beside {@code env}, the current one's. */
  static String previousEnv(String env) {
    return base(env) + "_PREVIOUS" + SUFFIX;
  }

  private static String base(String env) {
    if (!env.endsWith(SUFFIX)) {
      throw new IllegalArgumentException(env + " does not end with " + SUFFIX);
    }
    return env.substring(0, env.length() - SUFFIX.length());
  }

  /** The new and previous passwords of Mooring's own {@code users}, from the auth Secret. */
  static List<EnvVar> internalUsers(List<RedisInternalUser> users, String authSecret) {
    List<EnvVar> env = new ArrayList<>();
    for (RedisInternalUser user : users) {
      env.add(RedisUserSecret.env(nextEnv(user.env()), authSecret, user.nextSecretKey(), true));
      env.add(
          RedisUserSecret.env(previousEnv(user.env()), authSecret, user.previousSecretKey(), true));
    }
    return env;
  }

  /** The new and previous passwords of the app's default user, from the auth Secret. */
  static List<EnvVar> defaultUser(String authSecret) {
    return List.of(
        RedisUserSecret.env(
            nextEnv(RedisAuthSecret.PASSWORD_ENV), authSecret, RedisUserSecret.NEXT_AUTH_KEY, true),
        RedisUserSecret.env(
            previousEnv(RedisAuthSecret.PASSWORD_ENV),
            authSecret,
            RedisUserSecret.PREVIOUS_AUTH_KEY,
            true));
  }

  /**
   * The new passwords of the spec's users whose Secret Mooring generates (and rotates); their
   * previous ones come with {@link RedisAclFiles#startEnv}. A user with a Secret of its own is not
   * rotated by Mooring and has none.
   */
  static List<EnvVar> specUsers(List<RedisAclUser> users, Function<RedisAclUser, String> secret) {
    List<EnvVar> env = new ArrayList<>();
    for (int i = 0; i < users.size(); i++) {
      RedisAclUser user = users.get(i);
      if (user.passwordSecretRef().isEmpty()) {
        env.add(
            RedisUserSecret.env(
                USER_NEXT_PASSWORD_ENV + i,
                secret.apply(user),
                RedisUserSecret.NEXT_PASSWORD_KEY,
                true));
      }
    }
    return env;
  }
}
