package io.mooring.core.render.nats;

import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.PasswordGenerator;
import io.mooring.core.spec.NatsLoginRules;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.spec.NatsSpec.NatsUser;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The password logins of a NATS app: the spec's users in file order, then the system account's own
 * user, and the routes' login when there is more than one pod. Each password lives under one key of
 * the credentials Secret; user passwords reach nats-server through one environment variable each.
 * Given passwords are used as written; missing ones are the live ones, or generated the first time.
 * In operator mode users log in with creds files instead (see {@link NatsOperatorModel}), and only
 * the routes' login is left here.
 */
final class NatsCredentials {
  static final String SYSTEM_USER = NatsNames.SYSTEM_USER;
  static final String SYSTEM_ENV = "NATS_SYSTEM_PASSWORD";

  // A Secret data key must match this; the user name is the key, so it must too.
  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

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
  private final NatsRouteAuth routes;

  private NatsCredentials(List<Login> users, Login system, NatsRouteAuth routes) {
    this.users = List.copyOf(users);
    this.system = system;
    this.routes = routes;
  }

  static NatsCredentials of(
      NatsSpec spec, NatsNames names, PasswordGenerator passwords, LiveSecrets live) {
    String purposePrefix = spec.ref().namespace() + "/" + spec.ref().name() + "/";
    Generated generated = new Generated(passwords, live, names.credentialsSecret(), purposePrefix);
    NatsRouteAuth routes =
        spec.replicas() > 1
            ? new NatsRouteAuth(spec, names, generated.password(NatsRouteAuth.PASSWORD_KEY))
            : null;
    if (spec.operatorMode()) {
      return new NatsCredentials(List.of(), null, routes);
    }
    List<Login> users = new ArrayList<>();
    for (NatsUser user : spec.users().values()) {
      String field = "spec.users." + user.name();
      // Validate refuses these first, at the field; this only keeps a spec built in code honest.
      if (!SECRET_KEY.matcher(user.name()).matches()) {
        throw new NatsRenderException(
            spec.source(), field, "a user name may only hold letters, digits, '-', '_' and '.'");
      }
      if (NatsLoginRules.RESERVED_USER_NAMES.contains(user.name())) {
        throw new NatsRenderException(spec.source(), field, "the name is reserved");
      }
      boolean isGenerated = !user.hasPassword();
      if (!isGenerated && !readableFromEnvironment(user.password())) {
        throw new NatsRenderException(
            spec.source(), field + ".password", NatsLoginRules.PASSWORD_RULE);
      }
      String password = isGenerated ? generated.password(user.name()) : user.password();
      String envVar = NatsLoginRules.userEnvVar(user.name());
      if (users.stream().anyMatch(login -> login.envVar().equals(envVar))) {
        throw new NatsRenderException(
            spec.source(), field, "its password variable " + envVar + " is taken by another user");
      }
      users.add(new Login(user.name(), user.name(), envVar, password, isGenerated));
    }
    Login system =
        new Login(SYSTEM_USER, SYSTEM_USER, SYSTEM_ENV, generated.password(SYSTEM_USER), true);
    return new NatsCredentials(users, system, routes);
  }

  static boolean readableFromEnvironment(String password) {
    return NatsLoginRules.readableFromEnvironment(password);
  }

  /** Generated passwords: the live value of the key if there is one, else a new one. */
  private record Generated(
      PasswordGenerator passwords, LiveSecrets live, String secret, String purposePrefix) {
    String password(String secretKey) {
      String password =
          live.value(secret, secretKey)
              .orElseGet(() -> passwords.generate(purposePrefix + secretKey));
      if (!readableFromEnvironment(password)) {
        // A kept value that no longer reads back is as wrong as a bad new one; neither is shown.
        throw new IllegalStateException(
            "the password of "
                + secret
                + " key "
                + secretKey
                + " is one nats-server would misread");
      }
      return password;
    }
  }

  static String userEnvVar(String userName) {
    return NatsLoginRules.userEnvVar(userName);
  }

  List<Login> users() {
    return users;
  }

  /** The system account's user; null in operator mode, where it logs in with a creds file. */
  Login system() {
    return system;
  }

  /** The routes' login; null with one pod, which has no routes. */
  NatsRouteAuth routes() {
    return routes;
  }

  /**
   * Every password login, spec users first: the order of the Secret's keys and the container's env.
   */
  List<Login> all() {
    List<Login> all = new ArrayList<>(users);
    if (system != null) {
      all.add(system);
    }
    return all;
  }
}
