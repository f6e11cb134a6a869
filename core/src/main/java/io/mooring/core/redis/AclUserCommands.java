package io.mooring.core.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The ACL commands that bring a server's users to the spec. Passwords travel as SHA-256 hashes
 * ({@code #<hex>}), as the start script writes them into the ACL file, so a server's ACL LIST and
 * ACL file never hold one in clear.
 */
final class AclUserCommands {
  private AclUserCommands() {}

  /**
   * {@code ACL SETUSER} that replaces everything about {@code name} in one command (Redis applies
   * it whole or not at all): its passwords are exactly {@code passwords}, its rules {@code rules}.
   * Clients logged in as the user stay logged in.
   */
  static List<String> setUser(String name, Collection<String> passwords, String rules) {
    List<String> command = new ArrayList<>(List.of("ACL", "SETUSER", name, "reset", "on"));
    for (String password : passwords) {
      command.add("#" + sha256(password));
    }
    for (String rule : rules.trim().split("\\s+", -1)) {
      if (!rule.isEmpty()) {
        command.add(rule);
      }
    }
    return command;
  }

  /**
   * The users of {@code live} (ACL USERS' reply) that the spec no longer has: neither the default
   * user nor Mooring's own users ({@code mooring…}) are ever removed.
   */
  static List<String> departed(String live, Set<String> wanted) {
    List<String> departed = new ArrayList<>();
    for (String user : live.split("\n", -1)) {
      String name = user.trim();
      if (!name.isEmpty()
          && !name.equals("default")
          && !name.startsWith("mooring")
          && !wanted.contains(name)) {
        departed.add(name);
      }
    }
    return departed;
  }

  static String sha256(String password) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
