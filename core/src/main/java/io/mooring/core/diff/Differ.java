package io.mooring.core.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a rendered object with its live counterpart. Only what Mooring declares is compared
 * (desired ⊆ live): fields that the server, admission webhooks or other controllers add are not
 * drift. Both sides first go through the {@link Normalizer} chain; list items with a natural key
 * (containers, ports, env, volumes ...) are matched by that key, not by position.
 */
public final class Differ {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> TREE = new TypeReference<>() {};

  private final List<Normalizer> normalizers;

  public Differ(List<Normalizer> normalizers) {
    this.normalizers = List.copyOf(normalizers);
  }

  /** The normalizers every Mooring diff needs, in the order they must run. */
  public static Differ standard() {
    return new Differ(
        List.of(
            new ServerOwnedFields(),
            new SecretData(),
            new Quantities(),
            new IntOrStrings(),
            new KnownDefaults()));
  }

  public ObjectDiff diff(HasMetadata desired, HasMetadata live) {
    String kind = desired.getKind();
    Map<String, Object> desiredTree = normalized(kind, desired, false);
    Map<String, Object> liveTree = normalized(kind, live, true);
    List<FieldDrift> drifts = new ArrayList<>();
    new Comparison("Secret".equals(kind), drifts).compare("", desiredTree, liveTree);
    return new ObjectDiff(ObjectKey.of(desired), drifts);
  }

  private Map<String, Object> normalized(String kind, HasMetadata object, boolean live) {
    Map<String, Object> tree = MAPPER.convertValue(object, TREE);
    for (Normalizer normalizer : normalizers) {
      normalizer.normalize(kind, tree, live);
    }
    dropEmpty(tree);
    return tree;
  }

  /**
   * An empty map or list declares nothing; null means absent. Both are dropped before comparing.
   */
  private static boolean dropEmpty(Object node) {
    Map<String, Object> map = Trees.map(node);
    if (map != null) {
      map.values().removeIf(Differ::dropEmpty);
      return map.isEmpty();
    }
    List<Object> list = Trees.list(node);
    if (list != null) {
      list.forEach(Differ::dropEmpty);
      return list.isEmpty();
    }
    return node == null;
  }

  /** One comparison run, collecting drifts; masks values under a Secret's data. */
  private record Comparison(boolean secret, List<FieldDrift> drifts) {

    void compare(String path, Object desired, Object live) {
      Map<String, Object> desiredMap = Trees.map(desired);
      if (desiredMap != null && Trees.map(live) != null) {
        Map<String, Object> liveMap = Trees.map(live);
        desiredMap.forEach((key, value) -> compare(child(path, key), value, liveMap.get(key)));
        return;
      }
      List<Object> desiredList = Trees.list(desired);
      if (desiredList != null && Trees.list(live) != null) {
        compareLists(path, desiredList, Trees.list(live));
        return;
      }
      if (!sameValue(desired, live)) {
        record(path, desired, live);
      }
    }

    private void compareLists(String path, List<Object> desired, List<Object> live) {
      String field = path.substring(path.lastIndexOf('.') + 1);
      ListKey key = ListKey.choose(field, desired);
      if (key == null) {
        if (desired.stream().allMatch(item -> Trees.map(item) != null)
            && desired.size() <= live.size()) {
          for (int i = 0; i < desired.size(); i++) {
            compare(path + "[" + i + "]", desired.get(i), live.get(i));
          }
        } else if (!sameValue(desired, live)) {
          record(path, desired, live);
        }
        return;
      }
      Map<String, Object> liveByKey = new LinkedHashMap<>();
      for (Object item : live) {
        String value = key.valueOf(item);
        if (value != null) {
          liveByKey.put(value, item);
        }
      }
      for (Object item : desired) {
        String value = key.valueOf(item);
        compare(path + "[" + key.field() + "=" + value + "]", item, liveByKey.get(value));
      }
    }

    private void record(String path, Object desired, Object live) {
      if (secret && (path.startsWith("data") || path.startsWith("stringData"))) {
        drifts.add(FieldDrift.masked(path, desired, live));
      } else {
        drifts.add(new FieldDrift(path, text(desired), text(live)));
      }
    }

    private static String child(String path, String key) {
      boolean plain =
          key.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-');
      String segment = plain ? key : "[\"" + key + "\"]";
      if (path.isEmpty()) {
        return segment;
      }
      return plain ? path + "." + segment : path + segment;
    }
  }

  /** Numbers compare by value (Jackson may read 10 as int or long); everything else by equality. */
  static boolean sameValue(Object desired, Object live) {
    if (desired instanceof Number a && live instanceof Number b) {
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }
    if (Trees.list(desired) != null && Trees.list(live) != null) {
      List<Object> a = Trees.list(desired);
      List<Object> b = Trees.list(live);
      if (a.size() != b.size()) {
        return false;
      }
      Iterator<Object> other = b.iterator();
      return a.stream().allMatch(item -> sameValue(item, other.next()));
    }
    return desired == null ? live == null : desired.equals(live);
  }

  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Quantities.Amount) {
      return value.toString();
    }
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }
}
