package io.mooring.core.spec;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys {@code config.merge} cannot touch, because the rest of the rendering depends on them: a
 * merge of one would produce a cluster that cannot form, loses JetStream, cannot be reached by its
 * own Services and probes, or writes a secret into a ConfigMap. Validate refuses them at the key;
 * the renderer asks the same rules again before it merges.
 *
 * <p>Paths are dotted and lower-case, because nats-server reads its keys case-insensitively.
 */
public final class NatsConfigMergeRules {
  /** The account of the spec's users in password mode. */
  public static final String APP_ACCOUNT = "APP";

  /** The system account in password mode. */
  public static final String SYSTEM_ACCOUNT = "SYS";

  /** The nats.conf key that reads another file into the config. */
  public static final String INCLUDE_KEY = "include";

  public static final String SECRET_REASON =
      "nats.conf is stored in a ConfigMap, where a secret would be readable; add the login to"
          + " spec.users (its password goes to the Secret) or use an nkey";
  public static final String INCLUDE_REASON =
      "nats.conf includes are Mooring's own: they bring in the route and operator secrets";

  private static final String PORTS =
      "the Services, probes and routes are built on the rendered ports";
  private static final String ROUTES =
      "the routes to every pod's stable name are what let the cluster form";
  private static final String STORE =
      "the JetStream store must stay on the PVC and sized to it (never auto-sized)";
  private static final String AUTH =
      "logins come from spec.users with passwords from the Secret; the system account removes"
          + " departed peers";
  private static final String OPERATOR =
      "operator (JWT) mode is switched on by spec.config.resolver; Mooring then generates the"
          + " operator, the accounts and a creds file per user";
  private static final String OPERATOR_AUTH =
      "in operator mode accounts and users come from JWTs: users log in with the creds files"
          + " Mooring generates from spec.users";

  private static final Map<String, String> PROTECTED =
      Map.ofEntries(
          Map.entry(
              "server_name",
              "it must stay the pod name: a changed server_name leaves a ghost JetStream peer"),
          Map.entry("listen", PORTS),
          Map.entry("port", PORTS),
          Map.entry("host", PORTS),
          Map.entry("net", PORTS),
          Map.entry("http", PORTS),
          Map.entry("http_port", PORTS),
          Map.entry("monitor_port", PORTS),
          Map.entry("pid_file", "the lame-duck preStop signals the process through it"),
          Map.entry("cluster.routes", ROUTES),
          Map.entry("cluster.listen", ROUTES),
          Map.entry("cluster.port", ROUTES),
          Map.entry("cluster.host", ROUTES),
          Map.entry("cluster.no_advertise", ROUTES),
          // Pods that restart with a new name or route credentials refuse the routes of those that
          // have not yet: the rolling update would stall on a pod that never turns ready.
          Map.entry("cluster.name", ROUTES),
          Map.entry("cluster.authorization", ROUTES),
          Map.entry("jetstream.store_dir", STORE),
          Map.entry("jetstream.storedir", STORE),
          Map.entry("jetstream.store", STORE),
          Map.entry("jetstream.max_file_store", STORE),
          Map.entry("jetstream.max_file", STORE),
          Map.entry("accounts." + APP_ACCOUNT.toLowerCase(Locale.ROOT), AUTH),
          Map.entry("accounts." + SYSTEM_ACCOUNT.toLowerCase(Locale.ROOT), AUTH),
          Map.entry("system_account", AUTH),
          Map.entry("system", AUTH),
          Map.entry("authorization", AUTH));

  // Trust and accounts of operator mode, in either mode: the generated operator owns them.
  private static final Map<String, String> OPERATOR_KEYS =
      Map.of(
          "operator", OPERATOR,
          "operators", OPERATOR,
          "trusted", OPERATOR,
          "trusted_keys", OPERATOR,
          "trusted_operators", OPERATOR,
          "resolver", OPERATOR,
          "resolver_preload", OPERATOR);

  // What nats-server refuses next to an operator, or what would bypass its accounts.
  private static final Map<String, String> OPERATOR_MODE_AUTH =
      Map.of(
          "accounts", OPERATOR_AUTH,
          "authorization", OPERATOR_AUTH,
          "no_auth_user", OPERATOR_AUTH,
          "system_account", OPERATOR_AUTH,
          "system", OPERATOR_AUTH);

  // Any value under these names would be written in clear into the ConfigMap.
  private static final Set<String> SECRET_KEYS = Set.of("password", "pass", "token", "auth_token");

  private NatsConfigMergeRules() {}

  /** Why a top-level key of the merge is refused in this mode, if it is. */
  public static Optional<String> topLevelRefusal(String key, boolean operatorMode) {
    String lower = key.toLowerCase(Locale.ROOT);
    String reason = OPERATOR_KEYS.get(lower);
    if (reason == null && operatorMode) {
      reason = OPERATOR_MODE_AUTH.get(lower);
    }
    return Optional.ofNullable(reason);
  }

  /** Why the key at {@code path}, merged into a generated block, is refused, if it is. */
  public static Optional<String> protectedRefusal(String path) {
    return Optional.ofNullable(PROTECTED.get(path.toLowerCase(Locale.ROOT)));
  }

  public static boolean isSecretKey(String key) {
    return SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT));
  }

  public static boolean isInclude(String key) {
    return key.equalsIgnoreCase(INCLUDE_KEY);
  }

  /**
   * Why a value that replaces (or removes) the whole block at {@code path}, instead of merging into
   * it key by key, is refused: it would drop a protected key below it.
   *
   * @param generated whether the rendering generates a block there
   */
  public static Optional<String> wholeBlockRefusal(String path, boolean generated) {
    String lower = path.toLowerCase(Locale.ROOT);
    String prefix = lower + ".";
    Optional<String> below =
        PROTECTED.keySet().stream().filter(p -> p.startsWith(prefix)).sorted().findFirst();
    if (below.isEmpty()) {
      return Optional.empty();
    }
    if (!generated && lower.equals("cluster")) {
      return Optional.of(
          "a single replica runs without a cluster block: a lone server with one never elects a"
              + " JetStream meta leader");
    }
    if (!generated && lower.equals("jetstream")) {
      return Optional.of(
          "enable JetStream with spec.jetstream.enabled, so that its store gets a volume");
    }
    return Optional.of("it would replace the generated block, and " + PROTECTED.get(below.get()));
  }

  /**
   * Whether the rendering of an app generates a block (a map a merged mapping goes into key by key)
   * at {@code path}.
   */
  public static boolean generatesBlock(
      String path, int replicas, boolean jetstream, boolean operatorMode) {
    return switch (path.toLowerCase(Locale.ROOT)) {
      case "cluster" -> replicas > 1;
      case "jetstream" -> jetstream;
      case "accounts" -> !operatorMode;
      case "accounts.app", "accounts.sys" -> !operatorMode;
      case "resolver" -> operatorMode;
      default -> false;
    };
  }
}
