package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.core.redis.RedisCommandException;
import io.mooring.core.redis.RedisConnection;
import java.time.Duration;

/** Whether a password logs in to a real server, and whether a logged-in user is refused. */
final class RedisLogins {
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private RedisLogins() {}

  /** Whether {@code user} (null: the default user) logs in with {@code password} and is served. */
  static boolean logsIn(String host, int port, String user, String password) {
    try (RedisConnection connection = RedisConnection.open(host, port, user, password, TIMEOUT)) {
      return connection.call("PING").equals("PONG");
    } catch (RedisCommandException e) {
      return false;
    }
  }

  /** Asserts the server refuses {@code command} to the connection's user for lack of rights. */
  static void refused(RedisConnection connection, String... command) {
    assertThatThrownBy(() -> connection.call(command))
        .as(String.join(" ", command))
        .isInstanceOf(RedisCommandException.class)
        .hasMessageStartingWith("NOPERM");
  }
}
