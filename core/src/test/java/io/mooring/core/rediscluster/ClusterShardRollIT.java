package io.mooring.core.rediscluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.core.redis.RedisTlsClient;
import io.mooring.core.redis.SetAccess;
import io.mooring.core.redisops.ClusterShardRoll;
import io.mooring.core.redisops.RedisAccess;
import io.mooring.core.redisops.RollStep;
import io.mooring.core.render.redis.RedisCli;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.testing.RealBinaries;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart-only roll of a Redis Cluster of three shards (a master and a replica each) on real
 * redis-server processes, one shard after the other, under a client that writes with WAIT 1: no
 * acknowledged write is lost, each shard fails over exactly once, and the longest time a shard's
 * keys could not be written is printed (never asserted). Once in plaintext, once with every
 * connection over TLS only: clients, replication, the cluster bus and the roll's own commands. Once
 * with a first failover that loses its votes: the roll asks again and the shard still fails over
 * exactly once.
 */
class ClusterShardRollIT {
  private static final String PASSWORD = "cluster-roll-secret";
  private static final AppRef APP = new AppRef(AppKind.REDIS, "shop", "sessions");
  private static final int SHARDS = 3;
  private static final int PODS_PER_SHARD = 2;
  private static final Pattern ELECTION_WON = Pattern.compile("Failover election won");
  private static final Pattern MANUAL_FAILOVER_TIMED_OUT =
      Pattern.compile("Manual failover timed out");

  @TempDir Path root;
  private LoopbackClusterPods pods;
  private AcknowledgedWriter writer;

  /** The shard whose first failover loses its votes (see {@link VoteStall}); -1 for none. */
  private int stallVotesOfShard = -1;

  @BeforeEach
  void start() {
    RealBinaries.require("redis-server", "redis-server");
  }

  @AfterEach
  void stop() {
    if (writer != null) {
      writer.close();
    }
    if (pods != null) {
      pods.close();
    }
  }

  @Test
  void eachShardRollsReplicaFirstWithOneFailoverAndNoAcknowledgedWriteLost()
      throws InterruptedException {
    pods = new LoopbackClusterPods(root, PASSWORD);
    roll(Optional.empty(), "cluster roll");
  }

  @Test
  void overTlsOnlyEachShardRollsReplicaFirstWithOneFailoverAndNoAcknowledgedWriteLost()
      throws InterruptedException {
    List<String> addresses = new ArrayList<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      for (int ordinal = 0; ordinal < PODS_PER_SHARD; ordinal++) {
        addresses.add(LoopbackClusterPods.ip(0, shard, ordinal));
      }
    }
    LoopbackClusterTls tls = new LoopbackClusterTls(root.resolve("tls"), addresses);
    pods = new LoopbackClusterPods(root, PASSWORD, Optional.of(tls));
    roll(Optional.of(tls.caPem()), "cluster roll over TLS");
  }

  @Test
  void aFailoverItsReplicaAbandonedForWantOfVotesIsAskedAgainAndTheShardStillFailsOverOnce()
      throws InterruptedException {
    pods = new LoopbackClusterPods(root, PASSWORD);
    stallVotesOfShard = 0;
    roll(Optional.empty(), "cluster roll with a lost vote");
  }

  /**
   * Boots the pods, rolls each shard under the writer and checks what it must keep.
   *
   * @param caPem with TLS, the CA every client of the test and the roll verify the pods against
   */
  private void roll(Optional<String> caPem, String label) throws InterruptedException {
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (int s = 0; s < SHARDS; s++) {
      for (int o = 0; o < PODS_PER_SHARD; o++) {
        int shard = s;
        int ordinal = o;
        starts.add(CompletableFuture.runAsync(() -> pods.start(0, shard, ordinal)));
      }
    }
    starts.forEach(CompletableFuture::join);
    DesiredLayout layout = new DesiredLayout(SHARDS, 1, pods.shards(SHARDS, PODS_PER_SHARD));
    try (LettuceNodeCommands commands =
        new LettuceNodeCommands(PASSWORD.toCharArray(), Duration.ofSeconds(5), caPem)) {
      ClusterOutcome boot =
          new ClusterOrchestrator(
                  commands,
                  new InMemoryProgressStore(),
                  ClusterListener.NONE,
                  Duration.ofSeconds(60),
                  Duration.ofMillis(100))
              .run(APP, layout);
      assertThat(boot.state()).as(boot.line()).isEqualTo(ClusterOutcome.State.SETTLED);
    }
    int[] shardOfSlot = shardOfSlot();
    if (caPem.isPresent()) {
      for (NodeAddress pod :
          pods.shards(SHARDS, PODS_PER_SHARD).stream().flatMap(List::stream).toList()) {
        assertThat(pods.cli(pod.host(), "CONFIG", "GET", "tls-cluster")).endsWith("yes");
        assertThat(RedisCli.call(PASSWORD, pod.host(), pod.port(), "PING"))
            .as("%s without TLS", pod.host())
            .isNotEqualTo("PONG");
      }
    }

    writer =
        new AcknowledgedWriter(pods.shards(SHARDS, PODS_PER_SHARD).get(0), PASSWORD, "roll", caPem);
    writer.groupSlots(slot -> shardOfSlot[slot]);
    writer.start();
    await("writes are acknowledged")
        .atMost(Duration.ofSeconds(30))
        .until(() -> writer.acknowledged().size() > 200);

    for (int shard = 0; shard < SHARDS; shard++) {
      String masterBefore = masterOf(shard);
      int electionsBefore = electionsWon(shard);
      int rolled = shard;
      RestartingShardPods shardPods =
          new RestartingShardPods(
              PODS_PER_SHARD,
              o -> LoopbackClusterPods.name(rolled, o),
              o -> pods.stopGracefully(rolled, o),
              o -> pods.start(0, rolled, o));
      Optional<VoteStall> stall =
          shard == stallVotesOfShard ? Optional.of(new VoteStall(shard)) : Optional.empty();
      CountingAccess access = new CountingAccess(access(caPem), stall);
      ClusterShardRoll roll =
          new ClusterShardRoll(
              shardPods,
              access,
              Clock.systemUTC(),
              Duration.ofSeconds(60),
              Duration.ofMillis(100),
              Optional.empty());

      RollStep outcome = roll.run();
      shardPods.awaitPending();
      stall.ifPresent(VoteStall::join);

      assertThat(outcome).as("shard %d: %s", shard, outcome).isInstanceOf(RollStep.Done.class);
      String replicaBefore = LoopbackClusterPods.name(shard, masterBefore.endsWith("-0") ? 1 : 0);
      assertThat(shardPods.restarted())
          .as("shard %d: the replica first, then the old master", shard)
          .containsExactly(replicaBefore, masterBefore);
      if (stall.isPresent()) {
        assertThat(stall.get().abandoned())
            .as("failovers %s gave up on shard %d, as it logs them", replicaBefore, shard)
            .isPositive();
        assertThat(access.failovers.get())
            .as("CLUSTER FAILOVER sent on shard %d: asked again after it was given up", shard)
            .isGreaterThan(1);
      } else {
        assertThat(access.failovers.get()).as("CLUSTER FAILOVER sent on shard %d", shard).isOne();
      }
      assertThat(masterOf(shard)).isEqualTo(replicaBefore);
      int electionsNow = electionsWon(shard);
      assertThat(electionsNow - electionsBefore)
          .as("failovers of shard %d, as its servers log them", shard)
          .isOne();
      assertThat(shardPods.recorded()).as("the record is cleared when done").isEmpty();
      System.out.printf(
          "%s: shard %d rolled: %s; master %s -> %s; CLUSTER FAILOVER sent %d times%n",
          label,
          shard,
          shardPods.restarted(),
          masterBefore,
          masterOf(shard),
          access.failovers.get());
    }
    long acknowledgedBeforeStop = writer.acknowledged().size();
    await("writes go on after the roll")
        .atMost(Duration.ofSeconds(30))
        .until(() -> writer.acknowledged().size() > acknowledgedBeforeStop + 100);
    writer.stop();

    Map<String, String> acknowledged = writer.acknowledged();
    long lost =
        acknowledged.entrySet().stream()
            .filter(e -> !e.getValue().equals(writer.read(e.getKey())))
            .count();
    System.out.printf(
        "%s: %d writes attempted, %d accepted, %d acknowledged by a replica (WAIT 1),"
            + " %d of those lost%n",
        label, writer.attempts(), writer.accepted(), acknowledged.size(), lost);
    writer
        .longestWriteOutages()
        .forEach(
            (shard, outage) ->
                System.out.printf(
                    "%s: shard %d longest write outage %d ms%n", label, shard, outage.toMillis()));
    assertThat(lost).isZero();
  }

  /** Which shard owns each slot, by the masters' addresses (shard s has 127.0.0.(100+5s+o)). */
  private int[] shardOfSlot() {
    int[] owners = new int[16384];
    for (int shard = 0; shard < SHARDS; shard++) {
      String master = masterOf(shard);
      int ordinal = Integer.parseInt(master.substring(master.lastIndexOf('-') + 1));
      String nodes = pods.cli(pods.address(shard, ordinal).host(), "CLUSTER", "NODES");
      for (String line : nodes.split("\n", -1)) {
        String[] fields = line.strip().split(" ", -1);
        if (fields.length < 9 || !fields[2].contains("myself")) {
          continue;
        }
        for (int i = 8; i < fields.length; i++) {
          String[] range = fields[i].split("-", -1);
          if (fields[i].startsWith("[")) {
            continue;
          }
          int from = Integer.parseInt(range[0]);
          int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
          for (int slot = from; slot <= to; slot++) {
            owners[slot] = shard;
          }
        }
      }
    }
    return owners;
  }

  /** The pod of the shard that says it is master. */
  private String masterOf(int shard) {
    return IntStream.range(0, PODS_PER_SHARD)
        .filter(
            o ->
                pods.cli(pods.address(shard, o).host(), "ROLE")
                    .lines()
                    .findFirst()
                    .orElse("")
                    .equals("master"))
        .mapToObj(o -> LoopbackClusterPods.name(shard, o))
        .findFirst()
        .orElseThrow(() -> new AssertionError("shard " + shard + " has no master"));
  }

  private int electionsWon(int shard) {
    int won = 0;
    for (int o = 0; o < PODS_PER_SHARD; o++) {
      Matcher matcher = ELECTION_WON.matcher(pods.log(shard, o));
      while (matcher.find()) {
        won++;
      }
    }
    return won;
  }

  private RedisAccess access(Optional<String> caPem) {
    return new SetAccess(
        pod -> {
          String[] parts = pod.split("-", -1);
          return pods.address(Integer.parseInt(parts[1]), Integer.parseInt(parts[2])).host();
        },
        address -> Optional.empty(),
        List.of(),
        pods.port,
        pods.port,
        PASSWORD,
        Duration.ofSeconds(2),
        caPem.map(RedisTlsClient::trusting));
  }

  private int matches(Pattern pattern, int shard, int ordinal) {
    Matcher matcher = pattern.matcher(pods.log(shard, ordinal));
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  /**
   * Makes a shard's first manual failover lose its votes, as on a loaded machine: the other shards'
   * masters are frozen just before the roll's first {@code CLUSTER FAILOVER} and thawed once the
   * replica has logged that it gave the failover up, so their votes arrive too late. The shard's
   * own master alone is no majority of three.
   */
  private final class VoteStall {
    private final int shard;
    private final List<Integer> frozen = new CopyOnWriteArrayList<>();
    private volatile int successor = -1;
    private volatile int abandonedBefore;
    private volatile CompletableFuture<Void> thawed = CompletableFuture.completedFuture(null);

    VoteStall(int shard) {
      this.shard = shard;
    }

    void beforeFirstFailover(String pod) {
      successor = Integer.parseInt(pod.substring(pod.lastIndexOf('-') + 1));
      abandonedBefore = matches(MANUAL_FAILOVER_TIMED_OUT, shard, successor);
      for (int other = 0; other < SHARDS; other++) {
        if (other != shard) {
          String master = masterOf(other);
          int ordinal = Integer.parseInt(master.substring(master.lastIndexOf('-') + 1));
          pods.freeze(other, ordinal);
          frozen.add(other * PODS_PER_SHARD + ordinal);
        }
      }
    }

    void afterFirstFailover() {
      thawed =
          CompletableFuture.runAsync(
              () -> {
                try {
                  await("the replica gives the manual failover up")
                      .atMost(Duration.ofSeconds(60))
                      .until(() -> abandoned() > 0);
                } finally {
                  frozen.forEach(pod -> pods.thaw(pod / PODS_PER_SHARD, pod % PODS_PER_SHARD));
                }
              });
    }

    int abandoned() {
      return successor < 0
          ? 0
          : matches(MANUAL_FAILOVER_TIMED_OUT, shard, successor) - abandonedBefore;
    }

    void join() {
      thawed.join();
    }
  }

  /** Counts the CLUSTER FAILOVER commands the roll sends; the first may lose its votes. */
  private static final class CountingAccess implements RedisAccess {
    private final RedisAccess access;
    private final Optional<VoteStall> stall;
    final AtomicInteger failovers = new AtomicInteger();

    CountingAccess(RedisAccess access, Optional<VoteStall> stall) {
      this.access = access;
      this.stall = stall;
    }

    @Override
    public Optional<String> redis(String pod, List<String> command) {
      if (!command.equals(List.of("CLUSTER", "FAILOVER"))) {
        return access.redis(pod, command);
      }
      boolean first = failovers.incrementAndGet() == 1;
      if (first) {
        stall.ifPresent(s -> s.beforeFirstFailover(pod));
      }
      Optional<String> reply = access.redis(pod, command);
      if (first) {
        stall.ifPresent(VoteStall::afterFirstFailover);
      }
      return reply;
    }

    @Override
    public Optional<String> sentinel(List<String> command) {
      return Optional.empty();
    }

    @Override
    public Optional<String> podAt(String address) {
      return Optional.empty();
    }
  }
}
