package io.mooring.core.render.nats;

import io.mooring.core.spec.SourceLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Deep-merges {@code config.merge} into the generated nats.conf tree: maps merge key by key,
 * anything else replaces, a null removes, and the user's value wins. Keys that the rest of the
 * rendering depends on cannot be touched; such a merge is refused with the key's path rather than
 * producing a cluster that cannot form, loses JetStream or cannot be reached by its own Services
 * and probes.
 */
final class NatsConfigMerge {
  private static final String ROOT = "spec.config.merge";
  private static final String PORTS =
      "the Services, probes and routes are built on the rendered ports";
  private static final String ROUTES =
      "the routes to every pod's stable name are what let the cluster form";
  private static final String STORE =
      "the JetStream store must stay on the PVC and sized to it (never auto-sized)";
  private static final String AUTH =
      "logins come from spec.users with passwords from the Secret; the system account removes departed peers";
  private static final String OPERATOR =
      "operator (JWT) mode is switched on by spec.config.resolver; Mooring then generates the operator, the"
          + " accounts and a creds file per user";
  private static final String OPERATOR_AUTH =
      "in operator mode accounts and users come from JWTs: users log in with the creds files Mooring generates"
          + " from spec.users";

  // Lower-case paths, because nats-server reads its keys case-insensitively.
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
          // have
          // not yet: the rolling update would stall on a pod that never turns ready.
          Map.entry("cluster.name", ROUTES),
          Map.entry("cluster.authorization", ROUTES),
          Map.entry("jetstream.store_dir", STORE),
          Map.entry("jetstream.storedir", STORE),
          Map.entry("jetstream.store", STORE),
          Map.entry("jetstream.max_file_store", STORE),
          Map.entry("jetstream.max_file", STORE),
          Map.entry("accounts." + NatsConfigModel.APP_ACCOUNT.toLowerCase(Locale.ROOT), AUTH),
          Map.entry("accounts." + NatsConfigModel.SYSTEM_ACCOUNT.toLowerCase(Locale.ROOT), AUTH),
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

  private NatsConfigMerge() {}

  /**
   * The generated tree with {@code merge} applied; neither input is modified.
   *
   * @param operatorMode whether the app runs in operator (JWT) mode
   */
  static Map<String, Object> apply(
      Map<String, Object> generated,
      Map<String, Object> merge,
      SourceLocation source,
      boolean operatorMode) {
    for (Map.Entry<String, Object> entry : merge.entrySet()) {
      String key = entry.getKey().toLowerCase(Locale.ROOT);
      String reason = OPERATOR_KEYS.get(key);
      if (reason == null && operatorMode) {
        reason = OPERATOR_MODE_AUTH.get(key);
      }
      if (reason != null) {
        throw refused(source, entry.getKey(), reason);
      }
    }
    return mergeInto(generated, merge, "", source);
  }

  private static Map<String, Object> mergeInto(
      Map<String, Object> base, Map<?, ?> overlay, String path, SourceLocation source) {
    Map<String, Object> result = new LinkedHashMap<>(base);
    for (Map.Entry<?, ?> entry : overlay.entrySet()) {
      String key = String.valueOf(entry.getKey());
      String childPath = path.isEmpty() ? key : path + "." + key;
      String baseKey = findKey(result, key);
      String lowerPath = childPath.toLowerCase(Locale.ROOT);
      String reason = PROTECTED.get(lowerPath);
      if (reason != null) {
        throw refused(source, childPath, reason);
      }
      Object value = entry.getValue();
      refuseIncludes(key, value, childPath, source);
      refuseSecrets(key, value, childPath, source);
      Object current = baseKey == null ? null : result.get(baseKey);
      if (value instanceof Map<?, ?> overlayMap && current instanceof Map<?, ?> currentMap) {
        result.put(baseKey, mergeInto(copyOf(currentMap), overlayMap, childPath, source));
        continue;
      }
      String protectedChild = protectedBelow(lowerPath);
      if (protectedChild != null) {
        throw refused(source, childPath, wholeBlockReason(lowerPath, current, protectedChild));
      }
      if (baseKey != null) {
        result.remove(baseKey);
      }
      if (value != null) {
        result.put(baseKey != null ? baseKey : key, value);
      }
    }
    return result;
  }

  /**
   * Refuses a secret anywhere in {@code value}: nats.conf is stored in a ConfigMap, readable by
   * many.
   */
  private static void refuseSecrets(String key, Object value, String path, SourceLocation source) {
    if (SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
      throw refused(
          source,
          path,
          "nats.conf is stored in a ConfigMap, where a secret would be readable; add the login to spec.users"
              + " (its password goes to the Secret) or use an nkey");
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> refuseSecrets(String.valueOf(k), v, path + "." + k, source));
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        refuseSecrets("", list.get(i), path + "[" + i + "]", source);
      }
    }
  }

  /**
   * An include would read any file of the pod into the config, and Mooring's own includes (routes,
   * operator) carry secrets that a merge must not displace.
   */
  private static void refuseIncludes(String key, Object value, String path, SourceLocation source) {
    if (key.equalsIgnoreCase(NatsInclude.KEY)) {
      throw refused(
          source,
          path,
          "nats.conf includes are Mooring's own: they bring in the route and operator secrets");
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> refuseIncludes(String.valueOf(k), v, path + "." + k, source));
    }
  }

  private static String wholeBlockReason(String lowerPath, Object current, String protectedChild) {
    if (current == null && lowerPath.equals("cluster")) {
      return "a single replica runs without a cluster block: a lone server with one never elects a JetStream meta leader";
    }
    if (current == null && lowerPath.equals("jetstream")) {
      return "enable JetStream with spec.jetstream.enabled, so that its store gets a volume";
    }
    return "it would replace the generated block, and " + PROTECTED.get(protectedChild);
  }

  /** A protected path under {@code lowerPath}, or null; replacing the block would drop it. */
  private static String protectedBelow(String lowerPath) {
    String prefix = lowerPath + ".";
    return PROTECTED.keySet().stream()
        .filter(p -> p.startsWith(prefix))
        .sorted()
        .findFirst()
        .orElse(null);
  }

  /**
   * The existing key that {@code key} overrides. Option names match case-insensitively as
   * nats-server reads them; a lower-case copy would otherwise be written next to the generated one.
   */
  private static String findKey(Map<String, Object> map, String key) {
    if (map.containsKey(key)) {
      return key;
    }
    return map.keySet().stream().filter(k -> k.equalsIgnoreCase(key)).findFirst().orElse(null);
  }

  private static Map<String, Object> copyOf(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(String.valueOf(k), v));
    return copy;
  }

  private static NatsRenderException refused(SourceLocation source, String path, String reason) {
    return new NatsRenderException(
        source, ROOT + "." + path, "cannot be set by config.merge: " + reason);
  }
}
