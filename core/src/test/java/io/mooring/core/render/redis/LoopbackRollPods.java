package io.mooring.core.render.redis;

import io.mooring.core.redisops.RollPods;
import io.mooring.core.redisops.RollProgress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The StatefulSet side of a roll for a {@link LoopbackRedisSet}: a deleted pod stops as the kubelet
 * stops it (preStop, then SIGTERM) and comes back in the background with the current template, as
 * the StatefulSet controller recreates it; the progress record is kept as the annotation would be.
 */
final class LoopbackRollPods implements RollPods {
  private final LoopbackRedisSet set;
  private final RedisNames names;
  private final int replicas;
  private final String revision;
  private final Map<Integer, String> running = new ConcurrentHashMap<>();
  private final List<String> restarted = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile Optional<RollProgress> recorded = Optional.empty();
  private volatile CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);
  private volatile Consumer<String> onEvent = event -> {};

  LoopbackRollPods(LoopbackRedisSet set, RedisNames names, int replicas, String revision) {
    this.set = set;
    this.names = names;
    this.replicas = replicas;
    this.revision = revision;
    IntStream.range(0, replicas).forEach(i -> running.put(i, "previous"));
  }

  @Override
  public String updateRevision() {
    return revision;
  }

  @Override
  public List<Pod> pods() {
    return IntStream.range(0, replicas)
        .mapToObj(i -> new Pod(names.pod(i), i, revision.equals(running.get(i))))
        .toList();
  }

  @Override
  public void restart(String pod) {
    int ordinal = Integer.parseInt(pod.substring(pod.lastIndexOf('-') + 1));
    restarted.add(pod);
    onEvent.accept("roll: restarts " + pod);
    pending =
        CompletableFuture.runAsync(
            () -> {
              set.stopRedisGracefully(ordinal);
              onEvent.accept(pod + " stopped");
              running.put(ordinal, revision);
              set.startRedis(ordinal);
              onEvent.accept(pod + " started");
            });
  }

  @Override
  public Optional<RollProgress> recorded() {
    return recorded;
  }

  @Override
  public void record(Optional<RollProgress> progress) {
    recorded = progress;
  }

  /** Tells {@code onEvent} when a pod is deleted, has stopped and has started again. */
  LoopbackRollPods onEvent(Consumer<String> onEvent) {
    this.onEvent = onEvent;
    return this;
  }

  /** The pods deleted so far, in order. */
  List<String> restarted() {
    return List.copyOf(restarted);
  }

  /** Surfaces a failure of the last restart in the background. */
  void awaitLastRestart() {
    pending.join();
  }
}
