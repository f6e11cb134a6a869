package io.mooring.core.redis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The directives that differ between two redis.conf texts, as {@code CONFIG SET} takes them: a
 * directive given on several lines ({@code save}, {@code client-output-buffer-limit}) is one value,
 * its lines' arguments joined by spaces.
 *
 * @param live changed directives Redis accepts at runtime, with their new value ("" when removed)
 * @param restartOnly changed directives that take effect only when the server restarts
 */
public record RedisConfChanges(Map<String, String> live, TreeSet<String> restartOnly) {

  /**
   * The changes from {@code before} to {@code after}.
   *
   * @param isLive whether Redis accepts the directive with CONFIG SET
   */
  public static RedisConfChanges between(String before, String after, Predicate<String> isLive) {
    Map<String, String> old = directives(before);
    Map<String, String> now = directives(after);
    Map<String, String> live = new LinkedHashMap<>();
    TreeSet<String> restartOnly = new TreeSet<>();
    TreeSet<String> names = new TreeSet<>(old.keySet());
    names.addAll(now.keySet());
    for (String name : names) {
      String value = now.getOrDefault(name, "");
      if (Objects.equals(old.get(name), now.get(name))) {
        continue;
      }
      if (isLive.test(name)) {
        live.put(name, value);
      } else {
        restartOnly.add(name);
      }
    }
    return new RedisConfChanges(live, restartOnly);
  }

  public boolean isEmpty() {
    return live.isEmpty() && restartOnly.isEmpty();
  }

  private static Map<String, String> directives(String conf) {
    Map<String, String> directives = new LinkedHashMap<>();
    if (conf == null) {
      return directives;
    }
    for (String raw : conf.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = line.indexOf(' ');
      String name =
          (space < 0 ? line : line.substring(0, space)).toLowerCase(java.util.Locale.ROOT);
      String value = unquoted(space < 0 ? "" : line.substring(space + 1).strip());
      directives.merge(name, value, (first, next) -> first + " " + next);
    }
    return directives;
  }

  /**
   * A value as CONFIG SET takes it: the renderer double-quotes values that are empty or hold
   * special characters ({@code save ""}), and Redis would read the quotes themselves as the value.
   */
  private static String unquoted(String value) {
    if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
      return value;
    }
    StringBuilder plain = new StringBuilder();
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() - 1) {
        c = value.charAt(++i);
      }
      plain.append(c);
    }
    return plain.toString();
  }
}
