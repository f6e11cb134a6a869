package io.mooring.core.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * redis.conf directives a spec sets beyond Mooring's own, in the order the spec's fields are read:
 * directive name to its value as redis.conf writes it ({@code maxmemory-policy} to {@code
 * allkeys-lru}, {@code client-output-buffer-limit} to {@code pubsub 64mb 16mb 60}). Only directives
 * the renderer's table knows are accepted by the dialects.
 */
public record RedisTuning(Map<String, String> directives) {
  public static final RedisTuning NONE = new RedisTuning(Map.of());

  public RedisTuning {
    directives = Collections.unmodifiableMap(new LinkedHashMap<>(directives));
  }
}
