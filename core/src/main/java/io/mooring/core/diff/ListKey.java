package io.mooring.core.diff;

import java.util.List;
import java.util.Map;

/**
 * How items of a list are matched between desired and live: by a field that names them. Order in
 * the cluster is not meaningful for these lists (ports, env, containers, volumes), so position is
 * not used.
 */
record ListKey(String field) {

  static ListKey choose(String listField, List<Object> items) {
    if ("volumeMounts".equals(listField)) {
      return all(items, "mountPath") ? new ListKey("mountPath") : null;
    }
    if ("volumeClaimTemplates".equals(listField)) {
      return all(items, "metadata.name") ? new ListKey("metadata.name") : null;
    }
    for (String candidate : List.of("name", "containerPort", "port")) {
      if (all(items, candidate)) {
        return new ListKey(candidate);
      }
    }
    return null;
  }

  String valueOf(Object item) {
    Object current = item;
    for (String step : field.split("\\.", -1)) {
      Map<String, Object> map = Trees.map(current);
      if (map == null) {
        return null;
      }
      current = map.get(step);
    }
    return current == null ? null : current.toString();
  }

  private static boolean all(List<Object> items, String field) {
    ListKey key = new ListKey(field);
    return !items.isEmpty() && items.stream().allMatch(item -> key.valueOf(item) != null);
  }
}
