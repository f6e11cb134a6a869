package io.mooring.core.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One step of a rotation, taken on every server: each is tried even when another refused, and the
 * step then fails naming every server that did (never a password: the replies are the servers'), so
 * that the next sync takes the whole step again.
 */
final class OnEveryServer {
  private OnEveryServer() {}

  /**
   * @param rotation what stops when a server refuses, for the message
   * @param what the step, for the message
   * @param login a connection to the server, logged in as the rotation logs in
   */
  static void run(
      String rotation,
      String what,
      List<RedisAclSync.Server> servers,
      Function<RedisAclSync.Server, RedisConnection> login,
      Consumer<RedisConnection> action) {
    List<String> failures = new ArrayList<>();
    for (RedisAclSync.Server server : servers) {
      try (RedisConnection connection = login.apply(server)) {
        action.accept(connection);
      } catch (RuntimeException e) {
        failures.add(server.name() + ": " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(
          rotation + " stopped at " + what + " on " + String.join("; ", failures));
    }
  }
}
