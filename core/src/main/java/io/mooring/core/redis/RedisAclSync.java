package io.mooring.core.redis;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Brings the ACL users of every server of a Redis app to the spec, live: each spec user is set
 * ({@code ACL SETUSER}, rules and passwords replaced at once) and each user the spec no longer has
 * is removed ({@code ACL DELUSER}, which also disconnects its clients). Every server is tried; the
 * failures are reported together, naming the server and never a password.
 */
public final class RedisAclSync {
  /**
   * A user as the servers should have it.
   *
   * @param passwords every password that logs in now: one, or two while a rotation's overlap lasts
   */
  public record User(String name, String rules, List<String> passwords) {
    public User {
      passwords = List.copyOf(passwords);
    }

    @Override
    public String toString() {
      return "User[" + name + ", " + rules + ", " + passwords.size() + " password(s)]";
    }
  }

  /** Where one server answers. */
  public record Server(String name, String host, int port) {}

  private final List<RedisLogin> logins;
  private final Duration timeout;
  private final Optional<RedisTlsClient> tls;

  /**
   * @param adminUser null for the default user
   * @param adminPassword null when the servers have no authentication
   */
  public RedisAclSync(String adminUser, String adminPassword, Duration timeout) {
    this(adminUser, adminPassword, timeout, Optional.empty());
  }

  /** As the other constructor, over TLS with {@code tls} when the servers serve TLS. */
  public RedisAclSync(
      String adminUser, String adminPassword, Duration timeout, Optional<RedisTlsClient> tls) {
    this(
        adminPassword == null ? List.of() : List.of(new RedisLogin(adminUser, adminPassword)),
        timeout,
        tls);
  }

  /** Logged in with the first of {@code logins} each server accepts (see {@link RedisLogins}). */
  public RedisAclSync(List<RedisLogin> logins, Duration timeout, Optional<RedisTlsClient> tls) {
    this.logins = List.copyOf(logins);
    this.timeout = timeout;
    this.tls = tls;
  }

  /** Sets {@code users} on every server and removes the others; throws naming what failed. */
  public void apply(List<Server> servers, List<User> users) {
    sync(servers, users, true);
  }

  /**
   * Sets {@code users} on every server that answers and leaves the others as they are: how
   * Mooring's own users reach servers started before they existed.
   */
  public void add(List<Server> servers, List<User> users) {
    sync(servers, users, false);
  }

  private void sync(List<Server> servers, List<User> users, boolean removeOthers) {
    Set<String> wanted = users.stream().map(User::name).collect(Collectors.toSet());
    List<String> failures = new ArrayList<>();
    for (Server server : servers) {
      try (RedisConnection connection =
          RedisConnection.open(server.host(), server.port(), logins, timeout, tls)) {
        for (User user : users) {
          if (user.passwords().isEmpty()) {
            failures.add(server.name() + ": user " + user.name() + " has no password");
            continue;
          }
          try {
            connection.call(
                AclUserCommands.setUser(user.name(), user.passwords(), user.rules())
                    .toArray(String[]::new));
          } catch (RedisCommandException e) {
            failures.add(server.name() + " refused user " + user.name() + ": " + e.getMessage());
          }
        }
        if (removeOthers) {
          for (String departed :
              AclUserCommands.departed(connection.call("ACL", "USERS"), wanted)) {
            connection.call("ACL", "DELUSER", departed);
          }
        }
      } catch (UncheckedIOException e) {
        // A server down now starts from the ACL file, which has every user; only a sync that
        // removes users must reach them all.
        if (removeOthers) {
          failures.add(server.name() + ": " + e.getMessage());
        }
      } catch (RuntimeException e) {
        failures.add(server.name() + ": " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("ACL users not applied: " + String.join("; ", failures));
    }
  }
}
