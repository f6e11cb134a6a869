package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.render.common.LiveSecrets;
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

  boolean hasUsers() {
    return !context.spec().aclUsers().isEmpty();
  }

  /** The ConfigMap's users file; nothing when the spec has no users. */
  Map<String, String> configFiles() {
    return RedisAclFiles.configFiles(context.spec().aclUsers());
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
   * The start container's passwords, the i-th user's under {@code ACL_USER_PASSWORD_<i>}; previous
   * passwords are optional and exist only while a rotation's overlap lasts.
   */
  List<EnvVar> startEnv() {
    return RedisAclFiles.startEnv(
        context.spec().aclUsers(),
        context.spec().authEnabled() ? context.names().authSecret() : null,
        context.names()::userSecret);
  }
}
