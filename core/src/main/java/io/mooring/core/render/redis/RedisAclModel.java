package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.render.common.LiveSecrets;
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
  static final String ACL_FILE = RedisAclFiles.ACL_FILE;

  private final RedisContext context;

  RedisAclModel(RedisContext context) {
    this.context = context;
  }

  /** The ConfigMap's key of Mooring's own users: name, password variable and rules a line. */
  static final String INTERNAL_USERS_FILE = "mooring-acl-users";

  boolean hasUsers() {
    return !context.spec().aclUsers().isEmpty();
  }

  /** Whether the servers load an ACL file: with spec users, or with Mooring's own (auth on). */
  boolean writesAclFile() {
    return hasUsers() || context.spec().authEnabled();
  }

  /** The ConfigMap's users file; nothing when the spec has no users. */
  Map<String, String> configFiles() {
    return RedisAclFiles.configFiles(context.spec().aclUsers());
  }

  /**
   * The file of Mooring's own users, with their Redis rules or, for a Sentinel, with their rules
   * there (only the users that log in to Sentinels); nothing when auth is off.
   */
  Map<String, String> internalUsersFile(boolean sentinel) {
    if (!context.spec().authEnabled()) {
      return Map.of();
    }
    StringBuilder file = new StringBuilder();
    for (RedisInternalUser user : RedisInternalUsers.ALL) {
      if (sentinel && !user.onSentinels()) {
        continue;
      }
      file.append(user.name())
          .append(' ')
          .append(user.env())
          .append(' ')
          .append(sentinel ? user.sentinelRules() : user.rules())
          .append('\n');
    }
    return Map.of(INTERNAL_USERS_FILE, file.toString());
  }

  /** A Secret per user without a Secret of its own: the live password, or a new one. */
  List<Secret> generateSecrets(LiveSecrets live) {
    return RedisAclFiles.generateSecrets(
        context.spec().aclUsers(),
        context.names()::userSecret,
        name -> context.meta(name, RedisContext.COMPONENT_REDIS),
        live,
        context.options().passwords());
  }

  /**
   * The start container's passwords: Mooring's own users' and the i-th spec user's under {@code
   * ACL_USER_PASSWORD_<i>}, each with the ones a rotation has in flight ({@link RedisRotationEnv}).
   */
  List<EnvVar> startEnv() {
    List<EnvVar> env = new ArrayList<>(context.internalUserEnv(RedisInternalUsers.ALL));
    if (context.spec().authEnabled()) {
      // Every password a rotation has in flight, so a pod restarted mid-rotation takes them all.
      String secret = context.names().authSecret();
      env.addAll(RedisRotationEnv.internalUsers(RedisInternalUsers.ALL, secret));
      env.addAll(RedisRotationEnv.defaultUser(secret));
    }
    env.addAll(startEnvOfSpecUsers());
    env.addAll(RedisRotationEnv.specUsers(context.spec().aclUsers(), context.names()::userSecret));
    return env;
  }

  private List<EnvVar> startEnvOfSpecUsers() {
    // The default user's previous password comes with the rotation's variables above.
    return RedisAclFiles.startEnv(context.spec().aclUsers(), null, context.names()::userSecret);
  }
}
