package io.mooring.core.render.redis;

/**
 * One of Mooring's own Redis users: a fixed name, the rules it gets on every Redis server (and, for
 * the users that reach Sentinels, on every Sentinel), the auth Secret's key of its password and the
 * environment variable containers read that password from.
 *
 * @param sentinelRules its rules on a Sentinel; empty when it never logs in to one
 */
public record RedisInternalUser(
    String name, String rules, String sentinelRules, String secretKey, String env) {
  public boolean onSentinels() {
    return !sentinelRules.isEmpty();
  }

  /** The auth Secret's key of the new password while a rotation rolls it out. */
  public String nextSecretKey() {
    return "next-" + secretKey;
  }

  /** The auth Secret's key of the old password during a rotation's overlap. */
  public String previousSecretKey() {
    return "previous-" + secretKey;
  }
}
