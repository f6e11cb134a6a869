package io.mooring.core.rediscluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.SlotHash;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.testing.RealBinaries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mooring's cluster orchestration against real redis-server processes, one per pod on loopback,
 * with a client writing through every change. Prints the figures (slots per master, time per step,
 * writes made and lost); durations are printed, never asserted.
 */
class RedisClusterOrchestrationIT {
  private static final String PASSWORD = "cluster-test-secret";
  private static final AppRef APP = new AppRef(AppKind.REDIS, "shop", "sessions");
  private static final int KILL_AFTER_SLOTS = 300;

  @TempDir Path root;
  private LoopbackClusterPods pods;
  private final InMemoryProgressStore store = new InMemoryProgressStore();
  private final CoverageCheck coverage = new CoverageCheck();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void start() {
    RealBinaries.require("redis-server", "redis-server");
    pods = new LoopbackClusterPods(root, PASSWORD);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    pods.close();
  }

  @Test
  void bootstrapsScalesFailsOverAndRestartsWithoutLosingAcknowledgedWrites() {
    // Bootstrap 3x1.
    startPods(0, 3, 2, 0);
    ClusterOutcome boot = timed("bootstrap 3x1", () -> run(layout(3, 1, 3, 2)));
    assertThat(boot.state()).as(boot.line()).isEqualTo(ClusterOutcome.State.SETTLED);
    LiveCluster live = observe(layout(3, 1, 3, 2));
    assertThat(live.slotsAssigned()).isEqualTo(SlotRange.SLOTS);
    assertEvenSplit(live, 3);
    assertReplicasFollowTheirShard(live, 3, 2);
    coverage.enabled = true;

    AcknowledgedWriter writer = writer("w1", pods.shards(3, 2).get(0));
    writer.start();
    await("writes are acknowledged")
        .atMost(Duration.ofSeconds(30))
        .until(() -> writer.acknowledged().size() > 200);

    // Scale out 3 -> 4, with Mooring stopped after 300 slots and a new one resuming.
    startPods(0, 1, 2, 3);
    CountingCommands counting = new CountingCommands();
    long outStart = System.nanoTime();
    try (LettuceNodeCommands first = commands()) {
      ClusterOrchestrator dying = orchestrator(counting.wrap(first, KILL_AFTER_SLOTS));
      assertThatThrownBy(() -> dying.run(APP, layout(4, 1, 4, 2)))
          .isInstanceOf(CountingCommands.Killed.class);
    }
    LiveCluster halfway = observe(layout(4, 1, 4, 2));
    assertThat(halfway.openSlots()).as("the move that was cut off is still open").hasSize(1);
    System.out.printf(
        "scale-out: Mooring stopped after %d slots; record %s%n",
        KILL_AFTER_SLOTS, store.load(APP));
    ClusterOutcome out;
    try (LettuceNodeCommands second = commands()) {
      out = orchestrator(counting.wrap(second, -1)).run(APP, layout(4, 1, 4, 2));
    }
    printTime("scale-out 3->4 (both runs)", outStart);
    assertThat(out.state()).as(out.line()).isEqualTo(ClusterOutcome.State.SETTLED);
    live = observe(layout(4, 1, 4, 2));
    assertEvenSplit(live, 4);
    assertReplicasFollowTheirShard(live, 4, 2);
    assertThat(counting.migratingCalls).as("every slot moved once").hasSize(4096);
    assertThat(counting.migratingCalls.values()).containsOnly(1);
    // The record counts whole batches: slots of the batch the crash cut short are not in it.
    assertThat(store.load(APP).slotsMoved()).isBetween(4096 - SlotBalancer.BATCH, 4096);
    assertThat(live.doubleClaims()).isEmpty();

    // Scale in 4 -> 3: the leaving shard's slots spread over all three, then it is forgotten.
    coverage.maxShare = 0;
    ClusterOutcome in = timed("scale-in 4->3", () -> run(layout(3, 1, 4, 2)));
    assertThat(in.state()).as(in.line()).isEqualTo(ClusterOutcome.State.SETTLED);
    assertThat(in.podsMayGo()).containsExactlyElementsOf(pods.shards(4, 2).get(3));
    System.out.printf(
        "scale-in: largest share of slots on one node at any step: %.1f%%%n",
        100 * coverage.maxShare);
    assertThat(coverage.maxShare).isLessThanOrEqualTo(0.40);
    pods.kill(3, 0);
    pods.kill(3, 1);
    ClusterOutcome afterIn = run(layout(3, 1, 3, 2));
    assertThat(afterIn.state()).as(afterIn.line()).isEqualTo(ClusterOutcome.State.SETTLED);
    live = observe(layout(3, 1, 3, 2));
    assertEvenSplit(live, 3);
    assertThat(live.anchorView()).hasSize(6);

    // replicasPerMaster 1 -> 2 -> 1: replicas come and go, slots stay.
    Map<NodeAddress, BitSet> slotsBefore = slotsOf(live);
    startPods(0, 3, 3, 2, 0);
    ClusterOutcome up = timed("replicasPerMaster 1->2", () -> run(layout(3, 2, 3, 3)));
    assertThat(up.state()).as(up.line()).isEqualTo(ClusterOutcome.State.SETTLED);
    live = observe(layout(3, 2, 3, 3));
    assertReplicasFollowTheirShard(live, 3, 3);
    assertThat(slotsOf(live)).containsAllEntriesOf(slotsBefore);
    ClusterOutcome down = timed("replicasPerMaster 2->1", () -> run(layout(3, 1, 3, 3)));
    assertThat(down.state()).as(down.line()).isEqualTo(ClusterOutcome.State.SETTLED);
    assertThat(down.podsMayGo()).hasSize(3);
    IntStream.range(0, 3).forEach(s -> pods.kill(s, 2));
    ClusterOutcome afterDown = run(layout(3, 1, 3, 2));
    assertThat(afterDown.state()).as(afterDown.line()).isEqualTo(ClusterOutcome.State.SETTLED);
    live = observe(layout(3, 1, 3, 2));
    assertThat(live.anchorView()).hasSize(6);
    assertThat(slotsOf(live)).containsAllEntriesOf(slotsBefore);

    writer.stop();
    assertNoAcknowledgedWriteLost("scale-out, scale-in, replicas 1->2->1", writer);

    // A master dies: its replica takes over, writes go on, the old master returns as replica.
    coverage.enabled = false;
    NodeAddress oldMaster = pods.address(0, 0);
    NodeAddress replica = pods.address(0, 1);
    String oldMasterId = live.report(oldMaster).myself().id();
    long killed = System.nanoTime();
    long acceptedBefore = writer.accepted();
    AcknowledgedWriter afterFailover = writer("w2", pods.shards(3, 2).get(1));
    afterFailover.start();
    pods.kill(0, 0);
    await("the replica of the dead master takes over")
        .atMost(Duration.ofSeconds(60))
        .until(() -> pods.cli(replica.host(), "ROLE").startsWith("master"));
    printTime("failover (kill to promotion)", killed);
    long promoted = afterFailover.accepted();
    await("writes resume on the promoted replica")
        .atMost(Duration.ofSeconds(60))
        .until(() -> afterFailover.accepted() > promoted + 100);
    pods.start(0, 0, 0);
    await("the old master returns as a replica of the promoted one")
        .atMost(Duration.ofSeconds(60))
        .until(() -> pods.cli(oldMaster.host(), "ROLE").startsWith("slave"));
    ClusterOutcome afterFail = run(layout(3, 1, 3, 2));
    assertThat(afterFail.state()).as(afterFail.line()).isEqualTo(ClusterOutcome.State.SETTLED);
    live = observe(layout(3, 1, 3, 2));
    assertThat(live.report(replica).myself().slotCount())
        .as("the live role wins")
        .isGreaterThan(5000);
    assertThat(live.report(oldMaster).myself().masterId())
        .isEqualTo(live.report(replica).myself().id());
    assertThat(live.report(oldMaster).myself().id()).isEqualTo(oldMasterId);
    await("writes are acknowledged again")
        .atMost(Duration.ofSeconds(60))
        .until(() -> afterFailover.acknowledged().size() > 100);
    afterFailover.stop();
    assertNoAcknowledgedWriteLost("failover", afterFailover);
    System.out.printf("writes before the failover test: %d accepted%n", acceptedBefore);

    // Every pod restarts at once on a new address. The writers' clients go first: they would
    // only log that their seeds are gone.
    writer.close();
    afterFailover.close();
    IntStream.range(0, 3).forEach(s -> IntStream.range(0, 2).forEach(o -> pods.kill(s, o)));
    long restart = System.nanoTime();
    startPods(1, 3, 2, 0);
    ClusterOutcome back = run(layout(3, 1, 3, 2));
    assertThat(back.state()).as(back.line()).isEqualTo(ClusterOutcome.State.SETTLED);
    printTime("full restart on new addresses to cluster_state:ok", restart);
    live = observe(layout(3, 1, 3, 2));
    assertThat(live.stateOk()).isTrue();
    assertThat(live.slotsAssigned()).isEqualTo(SlotRange.SLOTS);
    assertThat(live.anchorView()).hasSize(6);
    AcknowledgedWriter reader = writer("r", pods.shards(3, 2).get(2));
    Map<String, String> all = new java.util.HashMap<>(writer.acknowledged());
    all.putAll(afterFailover.acknowledged());
    long lost =
        all.entrySet().stream().filter(e -> !e.getValue().equals(reader.read(e.getKey()))).count();
    System.out.printf("full restart: %d acknowledged keys read back, %d lost%n", all.size(), lost);
    assertThat(lost).isZero();
  }

  @Test
  void aSlotThatWillNotMoveMakesTheAppDegradedWithItsNumberAndAFixedOneFinishes() {
    startPods(0, 3, 1, 0);
    assertThat(run(layout(3, 0, 3, 1)).state()).isEqualTo(ClusterOutcome.State.SETTLED);
    // A hash tag whose slot the scale-out moves (master 0 gives away 4096-5461), with keys in it.
    String tag =
        IntStream.range(0, 100000)
            .mapToObj(i -> "{t" + i + "}")
            .filter(t -> SlotHash.getSlot(t) >= 4200)
            .filter(t -> SlotHash.getSlot(t) <= 5400)
            .findFirst()
            .orElseThrow();
    int stuckSlot = SlotHash.getSlot(tag);
    AcknowledgedWriter writer = writer("d", pods.shards(3, 1).get(0));
    IntStream.range(0, 200).forEach(i -> writer.writeOnce(tag + i, "v" + i));
    startPods(0, 1, 1, 3);
    io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
        new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
            io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    ClusterListener metrics = new io.mooring.core.metrics.RedisClusterMetrics(registry);
    ClusterOutcome stuck;
    try (LettuceNodeCommands real = commands()) {
      // The target refuses the keys of that slot (as a full or unreachable target would).
      NodeCommands refusing =
          (NodeCommands)
              java.lang.reflect.Proxy.newProxyInstance(
                  NodeCommands.class.getClassLoader(),
                  new Class<?>[] {NodeCommands.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("migrate")
                        && ((List<?>) args[3])
                            .stream().allMatch(k -> SlotHash.getSlot((String) k) == stuckSlot)) {
                      throw new IllegalStateException("IOERR error or timeout writing to target");
                    }
                    try {
                      return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
      stuck =
          new ClusterOrchestrator(
                  refusing, store, metrics, Duration.ofSeconds(60), Duration.ofMillis(100))
              .run(APP, layout(4, 0, 4, 1));
    }
    System.out.printf("stuck move: %s (%s)%n", stuck.state(), stuck.line());
    assertThat(stuck.state()).isEqualTo(ClusterOutcome.State.DEGRADED);
    assertThat(stuck.line()).startsWith("slot " + stuckSlot + " is stuck");
    metrics.observed(APP, observe(layout(4, 0, 4, 1)));
    String labels = "{app=\"sessions\",kind=\"redis\",namespace=\"shop\"}";
    assertThat(registry.scrape())
        .contains("mooring_redis_cluster_slots_migrating" + labels + " 1")
        .contains("mooring_redis_cluster_slots_assigned" + labels + " 16384");
    ClusterOutcome fixed = run(layout(4, 0, 4, 1));
    assertThat(fixed.state()).as(fixed.line()).isEqualTo(ClusterOutcome.State.SETTLED);
    assertEvenSplit(observe(layout(4, 0, 4, 1)), 4);
    long lost =
        IntStream.range(0, 200).filter(i -> !("v" + i).equals(writer.read(tag + i))).count();
    assertThat(lost).isZero();
  }

  private ClusterOutcome run(DesiredLayout layout) {
    try (LettuceNodeCommands commands = commands()) {
      ClusterOutcome outcome = orchestrator(commands).run(APP, layout);
      System.out.printf("%s: %s (%s)%n", layout.shape(), outcome.state(), outcome.line());
      return outcome;
    }
  }

  private ClusterOrchestrator orchestrator(NodeCommands commands) {
    return new ClusterOrchestrator(
        commands, store, coverage, Duration.ofSeconds(60), Duration.ofMillis(100));
  }

  private LettuceNodeCommands commands() {
    return new LettuceNodeCommands(PASSWORD.toCharArray(), Duration.ofSeconds(5));
  }

  private LiveCluster observe(DesiredLayout layout) {
    try (LettuceNodeCommands commands = commands()) {
      return ClusterObserver.observe(commands, layout);
    }
  }

  private DesiredLayout layout(int masters, int replicas, int shards, int podsPerShard) {
    return new DesiredLayout(masters, replicas, pods.shards(shards, podsPerShard));
  }

  private void startPods(int generation, int shards, int podsPerShard, int firstShard) {
    startPods(generation, shards, podsPerShard, 0, firstShard);
  }

  /** Starts pods of ordinals firstOrdinal..podsPerShard-1 together, as Parallel pod management. */
  private void startPods(
      int generation, int shards, int podsPerShard, int firstOrdinal, int firstShard) {
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (int s = firstShard; s < firstShard + shards; s++) {
      for (int o = firstOrdinal; o < podsPerShard; o++) {
        int shard = s;
        int ordinal = o;
        starts.add(CompletableFuture.runAsync(() -> pods.start(generation, shard, ordinal)));
      }
    }
    starts.forEach(CompletableFuture::join);
  }

  private AcknowledgedWriter writer(String prefix, List<NodeAddress> seeds) {
    AcknowledgedWriter writer = new AcknowledgedWriter(seeds, PASSWORD, prefix);
    closing.add(writer);
    return writer;
  }

  private void assertNoAcknowledgedWriteLost(String phase, AcknowledgedWriter writer) {
    Map<String, String> acknowledged = writer.acknowledged();
    long lost =
        acknowledged.entrySet().stream()
            .filter(e -> !e.getValue().equals(writer.read(e.getKey())))
            .count();
    System.out.printf(
        "%s: %d writes attempted, %d accepted, %d acknowledged by a replica (WAIT 1), %d of"
            + " those lost%n",
        phase, writer.attempts(), writer.accepted(), acknowledged.size(), lost);
    assertThat(acknowledged).isNotEmpty();
    assertThat(lost).isZero();
  }

  /** Each kept master serves 16384/masters slots, ±1, and the figures are printed. */
  private static void assertEvenSplit(LiveCluster live, int masters) {
    List<Integer> counts = new ArrayList<>();
    for (NodeReport report : live.reports()) {
      if (report.myself().slotCount() > 0) {
        counts.add(report.myself().slotCount());
      }
    }
    System.out.printf("%d masters, slots per master: %s%n", masters, counts);
    assertThat(counts).hasSize(masters);
    int share = SlotRange.SLOTS / masters;
    assertThat(counts).allSatisfy(c -> assertThat(c).isBetween(share - 1, share + 1));
  }

  private static void assertReplicasFollowTheirShard(
      LiveCluster live, int shards, int podsPerShard) {
    for (int s = 0; s < shards; s++) {
      List<NodeReport> shard = live.reports().subList(s * podsPerShard, (s + 1) * podsPerShard);
      NodeReport master =
          shard.stream().filter(r -> r.myself().slotCount() > 0).findFirst().orElseThrow();
      for (NodeReport pod : shard) {
        if (!pod.pod().equals(master.pod())) {
          assertThat(pod.myself().masterId())
              .as("%s follows its shard's master %s", pod.pod(), master.pod())
              .isEqualTo(master.myself().id());
        }
      }
    }
  }

  private static Map<NodeAddress, BitSet> slotsOf(LiveCluster live) {
    Map<NodeAddress, BitSet> slots = new java.util.HashMap<>();
    live.reports().stream()
        .filter(r -> r.myself().slotCount() > 0)
        .forEach(r -> slots.put(r.pod(), r.myself().slots()));
    return slots;
  }

  private static ClusterOutcome timed(
      String step, java.util.function.Supplier<ClusterOutcome> run) {
    long start = System.nanoTime();
    ClusterOutcome outcome = run.get();
    printTime(step, start);
    return outcome;
  }

  private static void printTime(String step, long startNanos) {
    System.out.printf("%s took %d ms%n", step, (System.nanoTime() - startNanos) / 1_000_000);
  }

  /** At every read the orchestration makes: every slot served, and the largest share seen. */
  private static final class CoverageCheck implements ClusterListener {
    volatile boolean enabled;
    volatile double maxShare;

    @Override
    public void observed(AppRef app, LiveCluster live) {
      if (!enabled) {
        return;
      }
      assertThat(live.slotsAssigned()).as("slots served at every step").isEqualTo(SlotRange.SLOTS);
      for (NodeReport report : live.reachable()) {
        maxShare = Math.max(maxShare, report.myself().slotCount() / (double) SlotRange.SLOTS);
      }
    }
  }
}
