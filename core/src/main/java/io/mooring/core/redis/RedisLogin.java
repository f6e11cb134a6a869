package io.mooring.core.redis;

/**
 * One way to log in to a Redis server or Sentinel. {@code toString} names the user only.
 *
 * @param user null for the default user
 */
public record RedisLogin(String user, String password) {
  public static RedisLogin defaultUser(String password) {
    return new RedisLogin(null, password);
  }

  @Override
  public String toString() {
    return "RedisLogin[" + (user == null ? "default" : user) + "]";
  }
}
