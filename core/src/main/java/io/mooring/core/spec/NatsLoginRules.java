package io.mooring.core.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a NATS user of the spec must be for the app to render: validate checks it, and the renderer
 * names the users' Secret keys and environment variables with the same rules.
 */
public final class NatsLoginRules {
  /**
   * The system account's user, also its key in the credentials Secret. Reserved, because
   * nats-server wants user names unique across accounts.
   */
  public static final String SYSTEM_USER = "mooring-system";

  /** The login of the routes between an app's pods. */
  public static final String ROUTE_USER = "mooring-route";

  /**
   * The user that clients without credentials become when the spec has no users; it has no
   * password, so the server asks none.
   */
  public static final String ANONYMOUS_USER = "mooring-anonymous";

  /** Key of the routes' configuration file in the credentials Secret. */
  public static final String ROUTES_FILE_KEY = "routes.conf";

  /** Names Mooring's own logins take in the credentials Secret, which the users share. */
  public static final List<String> RESERVED_USER_NAMES =
      List.of(SYSTEM_USER, ROUTE_USER, ANONYMOUS_USER, ROUTES_FILE_KEY);

  /** What a given password must look like, as shown to the user. */
  public static final String PASSWORD_RULE =
      "must start with a letter and use only letters, digits and - _ . ~ ! @ % ^ & * + = : / ? |,"
          + " because nats-server reads passwords from the environment as config values";

  private static final Pattern PLAIN_ENV = Pattern.compile("[a-z0-9_]+");
  // nats-server parses an environment variable's value as a config token, not as a plain string.
  // Checked against nats-server 2.9: these characters come through verbatim; a leading digit can
  // make a number (or a parse error that stops the server), and ',', ';', '}', spaces, quotes and
  // backslashes cut or break the value.
  private static final Pattern ENV_SAFE = Pattern.compile("[A-Za-z][A-Za-z0-9_.~!@%^&*+=:/?|-]*");
  private static final Pattern BOOLEAN_WORD =
      Pattern.compile("true|false|yes|no|on|off", Pattern.CASE_INSENSITIVE);

  private NatsLoginRules() {}

  /** Whether nats-server reads {@code password} back unchanged from an environment variable. */
  public static boolean readableFromEnvironment(String password) {
    return ENV_SAFE.matcher(password).matches() && !BOOLEAN_WORD.matcher(password).matches();
  }

  /**
   * {@code NATS_USER_<NAME>_PASSWORD}, the variable a user's password reaches nats-server through.
   * A name that upper-casing or replacing characters could confuse with another ("a-b" and "a.b",
   * "user" and "USER") gets a short digest of the original appended.
   */
  public static String userEnvVar(String userName) {
    String upper = userName.toUpperCase(Locale.ROOT);
    if (PLAIN_ENV.matcher(userName).matches()) {
      return "NATS_USER_" + upper + "_PASSWORD";
    }
    String cleaned = upper.replaceAll("[^A-Z0-9_]", "_");
    return "NATS_USER_" + cleaned + "_" + digest(userName) + "_PASSWORD";
  }

  private static String digest(String userName) {
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1").digest(userName.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha1).substring(0, 6).toUpperCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every JVM", e);
    }
  }
}
