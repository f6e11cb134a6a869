package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.PasswordGenerator;
import io.mooring.core.spec.RedisAclUser;
import io.mooring.core.spec.SecretKeyRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How the Redis pods of any kind of app (a Redis set, every node of a Redis Cluster) get the spec's
 * ACL users at start: the users file of the ConfigMap (names and rules, no secret), the start
 * container's passwords from Secrets, the part of the start script that writes the ACL file, and
 * the Secrets Mooring generates for users that name none. See {@code RedisAclModel} for why.
 */
public final class RedisAclFiles {
  /** The ACL file redis-server loads ({@code aclfile}), written by the start script. */
  public static final String ACL_FILE = RedisConfigModel.DATA_PATH + "/users.acl";

  static final String USER_PASSWORD_ENV = "ACL_USER_PASSWORD_";
  static final String USER_PREVIOUS_PASSWORD_ENV = "ACL_USER_PREVIOUS_PASSWORD_";
  static final String PREVIOUS_PASSWORD_ENV = "REDIS_PREVIOUS_PASSWORD";

  private static final String START_SCRIPT_PART = "redis-acl-file.sh";

  private RedisAclFiles() {}

  /** The ConfigMap's users file; nothing without users. */
  public static Map<String, String> configFiles(List<RedisAclUser> users) {
    if (users.isEmpty()) {
      return Map.of();
    }
    StringBuilder file = new StringBuilder();
    for (RedisAclUser user : users) {
      // One line per user: the rules were checked word by word, so joining them keeps their sense.
      file.append(user.name())
          .append(' ')
          .append(String.join(" ", user.rules().trim().split("\\s+", -1)))
          .append('\n');
    }
    return Map.of(RedisUserSecret.USERS_FILE, file.toString());
  }

  /**
   * The ConfigMap's file of Mooring's own {@code users}: name, password variable and rules a line,
   * as the start script part reads it.
   */
  public static Map<String, String> internalUsersFile(List<RedisInternalUser> users) {
    StringBuilder file = new StringBuilder();
    for (RedisInternalUser user : users) {
      file.append(user.name())
          .append(' ')
          .append(user.env())
          .append(' ')
          .append(user.rules())
          .append('\n');
    }
    return Map.of(RedisAclModel.INTERNAL_USERS_FILE, file.toString());
  }

  /**
   * The shell the start script ends with when there are users: it writes {@link #ACL_FILE} from the
   * users file and the environment of {@link #startEnv}. It relies on the script's {@code
   * DATA_DIR}, {@code log} and {@code REDIS_PASSWORD}.
   */
  public static String startScriptPart() {
    return RedisScripts.withAclPasswords(RedisScripts.load(START_SCRIPT_PART));
  }

  /**
   * The start container's passwords, the i-th user's under {@code ACL_USER_PASSWORD_<i>}; previous
   * passwords are optional and exist only while a rotation's overlap lasts.
   *
   * @param authSecret the app's auth Secret, or null when the app has no password
   * @param userSecret the Secret Mooring generates for a user that names none
   */
  public static List<EnvVar> startEnv(
      List<RedisAclUser> users, String authSecret, Function<RedisAclUser, String> userSecret) {
    if (users.isEmpty()) {
      return List.of();
    }
    List<EnvVar> env = new ArrayList<>();
    if (authSecret != null) {
      env.add(
          RedisUserSecret.env(
              PREVIOUS_PASSWORD_ENV, authSecret, RedisUserSecret.PREVIOUS_AUTH_KEY, true));
    }
    for (int i = 0; i < users.size(); i++) {
      RedisAclUser user = users.get(i);
      if (user.passwordSecretRef().isPresent()) {
        SecretKeyRef ref = user.passwordSecretRef().get();
        env.add(RedisUserSecret.env(USER_PASSWORD_ENV + i, ref.name(), ref.key(), false));
      } else {
        String secret = userSecret.apply(user);
        env.add(
            RedisUserSecret.env(
                USER_PASSWORD_ENV + i, secret, RedisUserSecret.PASSWORD_KEY, false));
        env.add(
            RedisUserSecret.env(
                USER_PREVIOUS_PASSWORD_ENV + i,
                secret,
                RedisUserSecret.PREVIOUS_PASSWORD_KEY,
                true));
      }
    }
    return env;
  }

  /**
   * A Secret per user without a Secret of its own: the live password, or a new one.
   *
   * @param userSecret the name of a user's generated Secret
   * @param meta the metadata of the Secret of that name
   */
  public static List<Secret> generateSecrets(
      List<RedisAclUser> users,
      Function<RedisAclUser, String> userSecret,
      Function<String, ObjectMeta> meta,
      LiveSecrets live,
      PasswordGenerator passwords) {
    List<Secret> secrets = new ArrayList<>();
    for (RedisAclUser user : users) {
      if (user.passwordSecretRef().isPresent()) {
        continue;
      }
      String name = userSecret.apply(user);
      String password =
          live.value(name, RedisUserSecret.PASSWORD_KEY)
              .orElseGet(() -> passwords.generate(name + "/" + RedisUserSecret.PASSWORD_KEY));
      secrets.add(RedisUserSecret.withPassword(meta.apply(name), password));
    }
    return secrets;
  }
}
