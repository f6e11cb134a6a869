package io.mooring.core.spec;

import java.util.Optional;

/**
 * Which server an app runs: Redis or Valkey (same protocol, same redis.conf directives), and the
 * version family the spec asks for; empty means the image configured for the daemon.
 */
public record RedisEngine(Family family, Optional<String> version) {
  public static final RedisEngine DEFAULT = new RedisEngine(Family.REDIS, Optional.empty());

  /** The server implementation. */
  public enum Family {
    REDIS,
    VALKEY
  }
}
