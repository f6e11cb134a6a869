package io.mooring.core.rediscluster;

import io.mooring.core.redisops.RollPods;
import io.mooring.core.redisops.RollProgress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * One shard's StatefulSet of real server processes: a deleted pod stops as the kubelet stops it
 * (SIGTERM) and comes back in the background on the same volume and address with the current
 * template, and counts as updated from then on.
 */
public final class RestartingShardPods implements RollPods {
  private final int podsPerShard;
  private final IntFunction<String> podName;
  private final IntConsumer stop;
  private final IntConsumer start;
  private final Map<Integer, Boolean> updated = new ConcurrentHashMap<>();
  private final List<String> restarted = new CopyOnWriteArrayList<>();
  private volatile Optional<RollProgress> record = Optional.empty();
  private volatile CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);

  /**
   * @param podName the pod of each ordinal
   * @param stop stops the pod of an ordinal gracefully
   * @param start starts the pod of an ordinal again and returns once it answers
   */
  public RestartingShardPods(
      int podsPerShard, IntFunction<String> podName, IntConsumer stop, IntConsumer start) {
    this.podsPerShard = podsPerShard;
    this.podName = podName;
    this.stop = stop;
    this.start = start;
    IntStream.range(0, podsPerShard).forEach(o -> updated.put(o, false));
  }

  /** The pods deleted so far, in order. */
  public List<String> restarted() {
    return List.copyOf(restarted);
  }

  /** Waits for the last deleted pod to be back. */
  public void awaitPending() {
    pending.join();
  }

  @Override
  public String updateRevision() {
    return "rev2";
  }

  @Override
  public List<Pod> pods() {
    return IntStream.range(0, podsPerShard)
        .mapToObj(o -> new Pod(podName.apply(o), o, updated.get(o)))
        .toList();
  }

  @Override
  public void restart(String pod) {
    int ordinal =
        IntStream.range(0, podsPerShard)
            .filter(o -> podName.apply(o).equals(pod))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no pod " + pod + " in the shard"));
    restarted.add(pod);
    pending =
        CompletableFuture.runAsync(
            () -> {
              stop.accept(ordinal);
              updated.put(ordinal, true);
              start.accept(ordinal);
            });
  }

  @Override
  public Optional<RollProgress> recorded() {
    return record;
  }

  @Override
  public void record(Optional<RollProgress> progress) {
    record = progress;
  }
}
