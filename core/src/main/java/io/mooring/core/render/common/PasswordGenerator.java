package io.mooring.core.render.common;

import java.security.SecureRandom;

/**
 * Source of generated passwords. Rendering stays a pure function of its inputs by taking this as a
 * parameter: production uses {@link #secure()}, golden tests a fixed sequence.
 */
@FunctionalInterface
public interface PasswordGenerator {
  int LENGTH = 40;

  /** A new password; {@code purpose} names what it is for (tests use it to make stable values). */
  String generate(String purpose);

  static PasswordGenerator secure() {
    SecureRandom random = new SecureRandom();
    // Alphanumerics only: the value lands in redis.conf, nats.conf and shell scripts unquoted.
    String letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    String alphabet = letters + "0123456789";
    return purpose -> {
      StringBuilder out = new StringBuilder(LENGTH);
      // A leading letter: nats-server parses an environment value as a config token, and one that
      // starts with a digit can read as a number ("7e9Abc..." even stops the server from starting).
      out.append(letters.charAt(random.nextInt(letters.length())));
      for (int i = 1; i < LENGTH; i++) {
        out.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      return out.toString();
    };
  }
}
