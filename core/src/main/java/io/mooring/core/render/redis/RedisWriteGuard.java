package io.mooring.core.render.redis;

/**
 * How many replicas must be in reach for a Redis master to take writes ({@code
 * min-replicas-to-write} with {@code min-replicas-max-lag}).
 *
 * <p>A master cut off from its replicas (a network partition, a frozen node) keeps taking writes
 * while the Sentinels on the other side promote a replica; when it is reachable again it is demoted
 * and everything it took meanwhile is discarded. With {@code floor((replicas - 1) / 2)} replicas
 * required to have acknowledged within the last {@value #MAX_LAG_SECONDS} s, a master takes writes
 * only while it and the replicas it reaches make up at least half of the pods: cut off from more,
 * it refuses writes ({@code NOREPLICAS}) once the lag has passed, so at most that much is lost. It
 * never needs every replica: three pods keep taking writes with one replica down. With two pods the
 * guard is off, because requiring the only replica would stop every write while that replica
 * restarts; the start script, which asks the live Sentinels before claiming the master role, is
 * then what keeps a stale master from coming back as master.
 */
final class RedisWriteGuard {
  static final int MAX_LAG_SECONDS = 10;

  private RedisWriteGuard() {}

  /** 0 for one or two pods, 1 for three or four, 2 for five or six... */
  static int minReplicasToWrite(int replicas) {
    return Math.max(0, (replicas - 1) / 2);
  }
}
