package io.mooring.core.render.redis;

import io.mooring.core.redisops.RedisAccess;
import java.util.List;
import java.util.Optional;

/**
 * A roll's access to the servers that notes on a {@link RollTimeline} each command that changes who
 * takes writes: the pause, the failover request, the demotion and the end of the pause.
 */
final class RecordingRedisAccess implements RedisAccess {
  private static final List<String> NOTED =
      List.of("CLIENT PAUSE", "CLIENT UNPAUSE", "SENTINEL FAILOVER", "REPLICAOF", "CONFIG SET");

  private final RedisAccess delegate;
  private final RollTimeline timeline;

  RecordingRedisAccess(RedisAccess delegate, RollTimeline timeline) {
    this.delegate = delegate;
    this.timeline = timeline;
  }

  @Override
  public Optional<String> redis(String pod, List<String> command) {
    Optional<String> reply = delegate.redis(pod, command);
    note("roll: " + pod, command, reply);
    return reply;
  }

  @Override
  public Optional<String> sentinel(List<String> command) {
    Optional<String> reply = delegate.sentinel(command);
    note("roll: Sentinel", command, reply);
    return reply;
  }

  @Override
  public Optional<String> podAt(String address) {
    return delegate.podAt(address);
  }

  private void note(String where, List<String> command, Optional<String> reply) {
    String text = String.join(" ", command);
    if (NOTED.stream().anyMatch(text.toUpperCase(java.util.Locale.ROOT)::startsWith)) {
      timeline.mark(where + " " + text + " -> " + reply.orElse("(no answer)"));
    }
  }
}
