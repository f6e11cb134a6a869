package io.mooring.core.render.redis;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which redis.conf directives Mooring writes can change on a running server ({@code CONFIG SET})
 * and which only take effect when redis-server starts. The one table both the renderer and the
 * live-apply step read: the pods' config hash covers only restart-only directives, so changing a
 * live one rolls no pod; the live ones are applied to the running servers instead.
 */
public final class RedisDirectives {

  /** How a changed directive reaches a running server. */
  public enum Apply {
    /** {@code CONFIG SET} on every running server; no restart. */
    LIVE,
    /** Only a restart applies it: the pods roll (replicas first, master last). */
    RESTART
  }

  private static final Map<String, Apply> TABLE =
      Map.ofEntries(
          Map.entry("maxmemory", Apply.LIVE),
          Map.entry("maxmemory-policy", Apply.LIVE),
          Map.entry("lfu-decay-time", Apply.LIVE),
          Map.entry("lfu-log-factor", Apply.LIVE),
          Map.entry("notify-keyspace-events", Apply.LIVE),
          Map.entry("timeout", Apply.LIVE),
          Map.entry("client-output-buffer-limit", Apply.LIVE),
          Map.entry("save", Apply.LIVE),
          Map.entry("appendonly", Apply.LIVE),
          Map.entry("appendfsync", Apply.LIVE),
          // Settable live, but they change only with the topology (one pod or several, with
          // Sentinel or without), which the servers learn by a roll.
          Map.entry("min-replicas-to-write", Apply.RESTART),
          Map.entry("min-replicas-max-lag", Apply.RESTART),
          Map.entry("io-threads", Apply.RESTART),
          Map.entry("databases", Apply.RESTART),
          Map.entry("bind", Apply.RESTART),
          Map.entry("port", Apply.RESTART),
          Map.entry("protected-mode", Apply.RESTART));

  // Values redis.conf reads as one argument without quotes.
  private static final Pattern PLAIN = Pattern.compile("[-A-Za-z0-9_.*:]+( [-A-Za-z0-9_.*:]+)*");

  private RedisDirectives() {}

  /** How {@code directive} is applied; a directive the table does not know needs a restart. */
  public static Apply of(String directive) {
    return TABLE.getOrDefault(directive, Apply.RESTART);
  }

  public static boolean live(String directive) {
    return of(directive) == Apply.LIVE;
  }

  /**
   * The redis.conf line setting {@code directive}: words of plain characters as they are (several
   * for multi-argument directives such as {@code save 600 1}), anything else ({@code $}, an empty
   * value) double-quoted.
   */
  static String confLine(String directive, String value) {
    if (!value.isEmpty() && PLAIN.matcher(value).matches()) {
      return directive + " " + value;
    }
    return directive + " \"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
