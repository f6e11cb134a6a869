package io.mooring.core.redis;

import java.util.Set;

/**
 * The redis.conf directives Mooring renders that Redis accepts at runtime with {@code CONFIG SET}
 * (the others, e.g. {@code io-threads} and {@code databases}, need a restart). Kept to the
 * directives whose runtime change Redis documents as taking effect at once.
 */
public final class LiveRedisDirectives {
  private static final Set<String> LIVE =
      Set.of(
          "maxmemory",
          "maxmemory-policy",
          "maxmemory-samples",
          "lfu-log-factor",
          "lfu-decay-time",
          "notify-keyspace-events",
          "timeout",
          "client-output-buffer-limit",
          "save");

  private LiveRedisDirectives() {}

  public static boolean isLive(String directive) {
    return LIVE.contains(directive);
  }
}
