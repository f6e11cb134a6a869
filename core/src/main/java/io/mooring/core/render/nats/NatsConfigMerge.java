package io.mooring.core.render.nats;

import io.mooring.core.spec.NatsConfigMergeRules;
import io.mooring.core.spec.SourceLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deep-merges {@code config.merge} into the generated nats.conf tree: maps merge key by key,
 * anything else replaces, a null removes, and the user's value wins. Validate refuses the keys that
 * {@link NatsConfigMergeRules} protects, at the key; they are asked again here so that a spec built
 * in code cannot slip past them.
 */
final class NatsConfigMerge {
  private static final String ROOT = "spec.config.merge";

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
    for (String key : merge.keySet()) {
      Optional<String> reason = NatsConfigMergeRules.topLevelRefusal(key, operatorMode);
      if (reason.isPresent()) {
        throw refused(source, key, reason.get());
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
      Optional<String> reason = NatsConfigMergeRules.protectedRefusal(childPath);
      if (reason.isPresent()) {
        throw refused(source, childPath, reason.get());
      }
      Object value = entry.getValue();
      refuseIncludes(key, value, childPath, source);
      refuseSecrets(key, value, childPath, source);
      Object current = baseKey == null ? null : result.get(baseKey);
      if (value instanceof Map<?, ?> overlayMap && current instanceof Map<?, ?> currentMap) {
        result.put(baseKey, mergeInto(copyOf(currentMap), overlayMap, childPath, source));
        continue;
      }
      Optional<String> wholeBlock =
          NatsConfigMergeRules.wholeBlockRefusal(childPath, current != null);
      if (wholeBlock.isPresent()) {
        throw refused(source, childPath, wholeBlock.get());
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
    if (NatsConfigMergeRules.isSecretKey(key)) {
      throw refused(source, path, NatsConfigMergeRules.SECRET_REASON);
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
    if (NatsConfigMergeRules.isInclude(key)) {
      throw refused(source, path, NatsConfigMergeRules.INCLUDE_REASON);
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> refuseIncludes(String.valueOf(k), v, path + "." + k, source));
    }
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
