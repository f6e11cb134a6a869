package io.mooring.core.redis;

/** A Redis server answered a command with an error reply. */
public final class RedisCommandException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RedisCommandException(String message) {
    super(message);
  }
}
