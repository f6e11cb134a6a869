package io.mooring.gitsync;

import java.util.regex.Pattern;

/**
 * Keeps credentials out of logs, status and exception messages. Remote URIs may carry {@code
 * user:token@}; JGit repeats the URI in many of its messages.
 */
public final class Redaction {

  private static final Pattern USER_INFO =
      Pattern.compile("(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]+@");
  private static final String MASK = "***";

  private Redaction() {}

  /** The URI with any user-info replaced by a mask: {@code https://***@host/repo.git}. */
  public static String uri(String uri) {
    return USER_INFO.matcher(uri).replaceAll("${scheme}" + MASK + "@");
  }

  /** A message with user-info of any URI masked, and each known secret value replaced by a mask. */
  public static String message(String message, String... secrets) {
    if (message == null) {
      return "";
    }
    String redacted = uri(message);
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        redacted = redacted.replace(secret, MASK);
      }
    }
    return redacted;
  }
}
