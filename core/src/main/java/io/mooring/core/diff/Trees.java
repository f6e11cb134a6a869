package io.mooring.core.diff;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Small helpers to walk the nested maps and lists of a JSON tree. */
final class Trees {
  private Trees() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return value instanceof List<?> l ? (List<Object>) l : null;
  }

  /** The map at {@code path} (dot-separated keys), or null when any step is missing. */
  static Map<String, Object> at(Map<String, Object> tree, String path) {
    Map<String, Object> current = tree;
    for (String key : path.split("\\.", -1)) {
      if (current == null) {
        return null;
      }
      current = map(current.get(key));
    }
    return current;
  }

  /** Calls {@code action} for every map element of the list at {@code key} in {@code parent}. */
  static void eachMapIn(
      Map<String, Object> parent, String key, Consumer<Map<String, Object>> action) {
    if (parent == null) {
      return;
    }
    List<Object> items = list(parent.get(key));
    if (items == null) {
      return;
    }
    for (Object item : items) {
      Map<String, Object> m = map(item);
      if (m != null) {
        action.accept(m);
      }
    }
  }

  /**
   * Visits every map in the tree together with the key under which it hangs (null for the root).
   */
  static void walkMaps(Object node, String key, BiConsumer<String, Map<String, Object>> visitor) {
    Map<String, Object> m = map(node);
    if (m != null) {
      visitor.accept(key, m);
      for (Map.Entry<String, Object> entry : m.entrySet()) {
        walkMaps(entry.getValue(), entry.getKey(), visitor);
      }
      return;
    }
    List<Object> l = list(node);
    if (l != null) {
      for (Object item : l) {
        walkMaps(item, key, visitor);
      }
    }
  }

  /** Replaces, anywhere in the tree, the value of every field named in {@code fields}. */
  static void rewriteFields(Object tree, Set<String> fields, UnaryOperator<Object> rewrite) {
    walkMaps(
        tree,
        null,
        (key, map) -> {
          for (String field : fields) {
            if (map.get(field) != null) {
              map.put(field, rewrite.apply(map.get(field)));
            }
          }
        });
  }

  static void putIfAbsent(Map<String, Object> map, String key, Object value) {
    if (map != null && !map.containsKey(key)) {
      map.put(key, value);
    }
  }
}
