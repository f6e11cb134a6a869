package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.spec.RedisAclUser;
import io.mooring.core.spec.SecretKeyRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The spec's ACL users as the Redis pods get them at start. Their rules are no secret and go into
 * the ConfigMap ({@link #USERS_FILE}, one {@code <name> <rules>} line per user); their passwords
 * come from Secrets into the start container's environment only, and the start script writes them
 * into the ACL file on the data volume as SHA-256 hashes. Rules change on running servers without a
 * restart (the live hook sets them); a user added or removed changes the start container's
 * environment and so rolls the pods in the safe order.
 */
final class RedisAclModel {
  /** The ConfigMap key of the users' names and rules. */
  static final String USERS_FILE = RedisUserSecret.USERS_FILE;

  /** The ACL file redis-server loads, written by the start script. */
  static final String ACL_FILE = RedisConfigModel.DATA_PATH + "/users.acl";

  /** The part of the start script that writes {@link #ACL_FILE}. */
  static final String START_SCRIPT_PART = "redis-acl-file.sh";

  static final String USER_PASSWORD_ENV = "ACL_USER_PASSWORD_";
  static final String USER_PREVIOUS_PASSWORD_ENV = "ACL_USER_PREVIOUS_PASSWORD_";
  static final String PREVIOUS_PASSWORD_ENV = "REDIS_PREVIOUS_PASSWORD";

  private final RedisContext context;

  RedisAclModel(RedisContext context) {
    this.context = context;
  }

  boolean hasUsers() {
    return !context.spec().aclUsers().isEmpty();
  }

  /** The ConfigMap's users file; nothing when the spec has no users. */
  Map<String, String> configFiles() {
    if (!hasUsers()) {
      return Map.of();
    }
    StringBuilder file = new StringBuilder();
    for (RedisAclUser user : context.spec().aclUsers()) {
      // One line per user: the rules were checked word by word, so joining them keeps their sense.
      file.append(user.name())
          .append(' ')
          .append(String.join(" ", user.rules().trim().split("\\s+", -1)))
          .append('\n');
    }
    return Map.of(USERS_FILE, file.toString());
  }

  /** A Secret per user without a Secret of its own: the live password, or a new one. */
  List<Secret> generateSecrets(LiveSecrets live) {
    List<Secret> secrets = new ArrayList<>();
    for (RedisAclUser user : context.spec().aclUsers()) {
      if (user.passwordSecretRef().isPresent()) {
        continue;
      }
      String name = context.names().userSecret(user);
      String password =
          live.value(name, RedisUserSecret.PASSWORD_KEY)
              .orElseGet(
                  () ->
                      context
                          .options()
                          .passwords()
                          .generate(name + "/" + RedisUserSecret.PASSWORD_KEY));
      secrets.add(
          RedisUserSecret.withPassword(context.meta(name, RedisContext.COMPONENT_REDIS), password));
    }
    return secrets;
  }

  /**
   * The start container's passwords, the i-th user's under {@code ACL_USER_PASSWORD_<i>}; previous
   * passwords are optional and exist only while a rotation's overlap lasts.
   */
  List<EnvVar> startEnv() {
    if (!hasUsers()) {
      return List.of();
    }
    List<EnvVar> env = new ArrayList<>();
    if (context.spec().authEnabled()) {
      env.add(
          RedisUserSecret.env(
              PREVIOUS_PASSWORD_ENV,
              context.names().authSecret(),
              RedisUserSecret.PREVIOUS_AUTH_KEY,
              true));
    }
    List<RedisAclUser> users = context.spec().aclUsers();
    for (int i = 0; i < users.size(); i++) {
      RedisAclUser user = users.get(i);
      if (user.passwordSecretRef().isPresent()) {
        SecretKeyRef ref = user.passwordSecretRef().get();
        env.add(RedisUserSecret.env(USER_PASSWORD_ENV + i, ref.name(), ref.key(), false));
      } else {
        String secret = context.names().userSecret(user);
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
}
