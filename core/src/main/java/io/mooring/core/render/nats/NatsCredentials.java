package io.mooring.core.render.nats;

import io.mooring.core.render.common.ConfigHash;
import io.mooring.core.render.common.PasswordGenerator;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.spec.NatsSpec.NatsUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The logins of a NATS app: the spec's users in file order, then the system account's own user.
 * Each password lives under one key of the credentials Secret and reaches nats-server through one
 * environment variable. Given passwords are used as written; missing ones are generated.
 */
final class NatsCredentials {
  static final String SYSTEM_USER = NatsNames.SYSTEM_USER;
  static final String SYSTEM_ENV = "NATS_SYSTEM_PASSWORD";
  // A Secret data key must match this; the user name is the key, so it must too.
  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final Pattern PLAIN_ENV = Pattern.compile("[a-z0-9_]+");
  // nats-server parses an environment variable's value as a config token, not as a plain string.
  // Checked against nats-server 2.9: these characters come through verbatim; a leading digit can
  // make a
  // number (or a parse error that stops the server), and ',', ';', '}', spaces, quotes and
  // backslashes
  // cut or break the value.
  private static final Pattern ENV_SAFE = Pattern.compile("[A-Za-z][A-Za-z0-9_.~!@%^&*+=:/?|-]*");
  private static final Pattern BOOLEAN_WORD =
      Pattern.compile("true|false|yes|no|on|off", Pattern.CASE_INSENSITIVE);

  /** One login. {@code toString} never shows the password. */
  record Login(String user, String secretKey, String envVar, String password, boolean generated) {
    @Override
    public String toString() {
      return "Login["
          + user
          + ", key="
          + secretKey
          + ", env="
          + envVar
          + ", generated="
          + generated
          + "]";
    }
  }

  private final List<Login> users;
  private final Login system;

  private NatsCredentials(List<Login> users, Login system) {
    this.users = List.copyOf(users);
    this.system = system;
  }

  static NatsCredentials of(NatsSpec spec, PasswordGenerator passwords) {
    String purposePrefix = spec.ref().namespace() + "/" + spec.ref().name() + "/";
    List<Login> users = new ArrayList<>();
    for (NatsUser user : spec.users().values()) {
      String field = "spec.users." + user.name();
      if (!SECRET_KEY.matcher(user.name()).matches()) {
        throw new NatsRenderException(
            spec.source(),
            field,
            "a user name may only hold letters, digits, '-', '_' and '.' (it is a Secret key)");
      }
      if (user.name().equals(SYSTEM_USER)) {
        throw new NatsRenderException(
            spec.source(), field, "the name is reserved for the system account's user");
      }
      boolean generated = !user.hasPassword();
      if (!generated && !readableFromEnvironment(user.password())) {
        throw new NatsRenderException(
            spec.source(),
            field + ".password",
            "nats-server reads passwords from the environment as config values: start with a letter and use only"
                + " letters, digits and - _ . ~ ! @ % ^ & * + = : / ? | (or leave it out to have one generated)");
      }
      String password =
          generated ? generated(passwords, purposePrefix + user.name()) : user.password();
      String envVar = userEnvVar(user.name());
      if (users.stream().anyMatch(login -> login.envVar().equals(envVar))) {
        throw new NatsRenderException(
            spec.source(), field, "its password variable " + envVar + " is taken by another user");
      }
      users.add(new Login(user.name(), user.name(), envVar, password, generated));
    }
    Login system =
        new Login(
            SYSTEM_USER,
            SYSTEM_USER,
            SYSTEM_ENV,
            generated(passwords, purposePrefix + SYSTEM_USER),
            true);
    return new NatsCredentials(users, system);
  }

  static boolean readableFromEnvironment(String password) {
    return ENV_SAFE.matcher(password).matches() && !BOOLEAN_WORD.matcher(password).matches();
  }

  private static String generated(PasswordGenerator passwords, String purpose) {
    String password = passwords.generate(purpose);
    if (!readableFromEnvironment(password)) {
      throw new IllegalStateException(
          "the password generator made a value nats-server would misread for " + purpose);
    }
    return password;
  }

  /**
   * {@code NATS_USER_<NAME>_PASSWORD}. A name that upper-casing or replacing characters could
   * confuse with another ("a-b" and "a.b", "user" and "USER") gets a short digest of the original
   * appended.
   */
  static String userEnvVar(String userName) {
    String upper = userName.toUpperCase(Locale.ROOT);
    if (PLAIN_ENV.matcher(userName).matches()) {
      return "NATS_USER_" + upper + "_PASSWORD";
    }
    String cleaned = upper.replaceAll("[^A-Z0-9_]", "_");
    return "NATS_USER_"
        + cleaned
        + "_"
        + ConfigHash.sha1Hex(userName).substring(0, 6).toUpperCase(Locale.ROOT)
        + "_PASSWORD";
  }

  List<Login> users() {
    return users;
  }

  Login system() {
    return system;
  }

  /** Every login, spec users first: the order of the Secret's keys and the container's env. */
  List<Login> all() {
    List<Login> all = new ArrayList<>(users);
    all.add(system);
    return all;
  }
}
