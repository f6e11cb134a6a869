package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.redis.RedisAclSync;
import io.mooring.core.redis.RedisConnection;
import io.mooring.core.redis.RedisLogin;
import io.mooring.core.redis.SetAccess;
import io.mooring.core.redisops.RollStep;
import io.mooring.core.redisops.SentinelRoll;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.testing.RealBinaries;
import io.mooring.core.testing.RenderedObjects;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A restart roll of a three-pod Sentinel set, driven by {@link SentinelRoll} on real redis-server
 * and redis-sentinel processes while a client writes without pause: replicas first, one failover,
 * then the old master; no write a replica acknowledged is lost.
 */
class RedisRollIT {
  private static final int REPLICAS = 3;
  private static final Pattern FAILOVER_END = Pattern.compile("\\+failover-end ");

  @TempDir Path root;
  private LoopbackRedisSet set;

  @BeforeEach
  void requireServers() {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-sentinel", "redis-sentinel");
    RealBinaries.require("redis-cli", "redis-tools");
  }

  @AfterEach
  void stopEverything() {
    if (set != null) {
      set.close();
    }
  }

  /**
   * A set started before Mooring's own users existed runs without their passwords: no such user on
   * its servers, replicas and Sentinels logging in as {@code default}. Before a roll the daemon
   * sets the users live on every pod, and the roll's restarted pods (and the Sentinels'
   * replacements) then log in as their own users.
   */
  private static final String BEFORE_OWN_USERS = "before Mooring's own users";

  private static Set<String> ownUsersEnv() {
    return RedisInternalUsers.ALL.stream().map(RedisInternalUser::env).collect(Collectors.toSet());
  }

  /** Boots the rendered set, as started before Mooring's own users when {@code started} says so. */
  private LoopbackRedisQueries boot(DesiredState state, String started) {
    set = new LoopbackRedisSet(state, REPLICAS, root);
    if (started.equals(BEFORE_OWN_USERS)) {
      set.leaveOutEnv(ownUsersEnv());
    }
    set.startRedisPods(IntStream.range(0, REPLICAS).toArray());
    IntStream.range(0, RedisContext.SENTINELS).forEach(set::startSentinel);
    return new LoopbackRedisQueries(set, "example", REPLICAS);
  }

  /**
   * For a set started before Mooring's own users: checks it has none, then does what the daemon
   * does before a roll: sets them live on every pod, logged in as {@code default}.
   */
  private void addOwnUsersBeforeTheRoll(
      DesiredState state, String started, LoopbackRedisQueries queries) {
    if (!started.equals(BEFORE_OWN_USERS)) {
      return;
    }
    for (int i = 0; i < REPLICAS; i++) {
      assertThat(queries.redis(i, "ACL", "USERS")).doesNotContain("mooring-");
    }
    Secret auth =
        RenderedObjects.named(
            state, Secret.class, new RedisNames(state.app(), "cluster.local").authSecret());
    List<RedisAclSync.User> users =
        RedisInternalUsers.ALL.stream()
            .map(
                user ->
                    new RedisAclSync.User(
                        user.name(),
                        user.rules(),
                        List.of(RenderedObjects.decoded(auth, user.secretKey()))))
            .toList();
    new RedisAclSync(
            List.of(RedisLogin.defaultUser(set.password())),
            Duration.ofSeconds(5),
            Optional.empty())
        .add(
            IntStream.range(0, REPLICAS)
                .mapToObj(
                    i ->
                        new RedisAclSync.Server(
                            "pod-" + i, LoopbackRedisSet.redisAddress(i), set.redisPort))
                .toList(),
            users);
    set.leaveOutEnv(Set.of());
  }

  @ParameterizedTest(name = "a set started {0}")
  @ValueSource(strings = {"with Mooring's own users", BEFORE_OWN_USERS})
  void aRollUnderWritesRestartsReplicasFirstFailsOverOnceAndLosesNoAcknowledgedWrite(String started)
      throws InterruptedException {
    RedisSpec spec =
        RedisTestSpecs.spec(
            "example", REPLICAS, ResourcePreset.DEFAULT.resources(), "1Gi", "", false, true);
    DesiredState state = RedisRenderer.render(spec, RedisTestSpecs.OPTIONS);
    LoopbackRedisQueries queries = boot(state, started);
    int firstMaster = queries.awaitSettledMaster(-1);
    addOwnUsersBeforeTheRoll(state, started, queries);
    RedisNames names = new RedisNames(state.app(), "cluster.local");
    RollTimeline timeline = new RollTimeline();
    LoopbackRollPods pods =
        new LoopbackRollPods(set, names, REPLICAS, "next").onEvent(timeline::mark);
    SentinelRoll roll =
        new SentinelRoll(
            "example",
            pods,
            new RecordingRedisAccess(access(names), timeline),
            Clock.systemUTC(),
            Duration.ofSeconds(90),
            Duration.ofMillis(200),
            Optional.empty());

    RollStep outcome;
    Map<String, String> acknowledged;
    Duration outage;
    long[] outageSpan;
    List<List<String>> switches;
    try (AcknowledgedWriter writer =
        new AcknowledgedWriter(
                this::masterAddress,
                IntStream.range(0, RedisContext.SENTINELS).mapToObj(set::sentinelAddress).toList(),
                set.sentinelPort,
                set.redisPort,
                set.password(),
                timeline)
            .start()) {
      org.awaitility.Awaitility.await()
          .atMost(LoopbackRedisQueries.PATIENCE)
          .until(() -> writer.acknowledged().size() >= 20);
      outcome = roll.run();
      int after = writer.acknowledged().size();
      org.awaitility.Awaitility.await()
          .atMost(LoopbackRedisQueries.PATIENCE)
          .until(() -> writer.acknowledged().size() >= after + 20);
      writer.close();
      acknowledged = writer.acknowledged();
      outage = writer.longestOutage();
      outageSpan = writer.longestOutageSpan();
      switches = writer.switches();
    }
    pods.awaitLastRestart();

    assertThat(outcome).isInstanceOf(RollStep.Done.class);
    assertThat(pods.pods()).allSatisfy(pod -> assertThat(pod.updated()).isTrue());
    // Replicas first, the old master last.
    assertThat(pods.restarted()).hasSize(REPLICAS).endsWith(names.pod(firstMaster));
    assertThat(pods.recorded()).isEmpty();
    // Exactly one failover: one Sentinel ran it, and each announced one switch of master.
    assertThat(FAILOVER_END.matcher(set.sentinelLogs()).results().count()).isEqualTo(1);
    assertThat(switches).allSatisfy(announced -> assertThat(announced).hasSize(1));
    assertThat(switches.stream().flatMap(List::stream).distinct()).hasSize(1);
    int master = queries.awaitSettledMaster(firstMaster);
    List<String> lost;
    try (RespClient reader =
        new RespClient(LoopbackRedisSet.redisAddress(master), set.redisPort, set.password())) {
      lost =
          acknowledged.entrySet().stream()
              .filter(entry -> !entry.getValue().equals(reader.call("GET", entry.getKey())))
              .map(Map.Entry::getKey)
              .toList();
    }
    System.out.printf(
        "Sentinel roll of %d pods: %d acknowledged writes, %d lost, longest write outage %d ms%n",
        REPLICAS, acknowledged.size(), lost.size(), outage.toMillis());
    System.out.printf(
        "Writes stopped for the failover: %d ms from the pause to the first write the new master"
            + " took%n",
        pausedFor(timeline, LoopbackRedisSet.redisAddress(firstMaster)));
    System.out.print(
        "What happened during the longest write outage:\n"
            + timeline.between(outageSpan[0] - 5_000_000_000L, outageSpan[1] + 1_000_000_000L));
    assertThat(lost).isEmpty();
    // Every pod was restarted by the roll: each replica logs in to its master as its own user.
    for (int i = 0; i < REPLICAS; i++) {
      if (i != master) {
        assertThat(queries.redis(i, "CONFIG", "GET", "masteruser"))
            .isEqualTo("masteruser\nmooring-replication");
        assertThat(queries.replicationField(i, "master_link_status")).isEqualTo("up");
      }
    }
  }

  /**
   * The Sentinels roll after the data pods as their Deployment rolls them: one at a time, the old
   * pod gone before its replacement (new name, new address) starts, the next one only once the
   * replacement is ready. At every step each live Sentinel reaches the quorum and the majority a
   * failover needs, and a failover asked for in the middle of the roll is carried out.
   */
  @ParameterizedTest(name = "a set started {0}")
  @ValueSource(strings = {"with Mooring's own users", BEFORE_OWN_USERS})
  void theSentinelsRollOneAtATimeKeepingTheirQuorumAndAFailoverInTheMiddleSucceeds(String started) {
    RedisSpec spec =
        RedisTestSpecs.spec(
            "example", REPLICAS, ResourcePreset.DEFAULT.resources(), "1Gi", "", false, true);
    DesiredState state = RedisRenderer.render(spec, RedisTestSpecs.OPTIONS);
    LoopbackRedisQueries queries = boot(state, started);
    int master = queries.awaitSettledMaster(-1);
    awaitQuorum(IntStream.range(0, RedisContext.SENTINELS));
    addOwnUsersBeforeTheRoll(state, started, queries);

    for (int index = 0; index < RedisContext.SENTINELS; index++) {
      int replaced = index;
      // Checked at the moments the Deployment acts: right after a pod is gone, right after its
      // replacement is ready (when the next one goes).
      set.killSentinel(replaced);
      assertQuorum(IntStream.range(0, RedisContext.SENTINELS).filter(i -> i != replaced));
      set.replaceSentinel(replaced);
      awaitReady(replaced);
      assertQuorum(IntStream.range(0, RedisContext.SENTINELS));
      if (replaced == 1) {
        // Two of the three Sentinels are new: a failover asked of the newest (as a roll or a
        // master's preStop asks for one) is carried out, once.
        // Accepted once the new Sentinel has heard from the replicas it may promote.
        org.awaitility.Awaitility.await("the newest Sentinel accepts a failover")
            .atMost(LoopbackRedisQueries.PATIENCE)
            .until(
                () ->
                    set.cli(
                            set.sentinelAddress(replaced),
                            set.sentinelPort,
                            "SENTINEL",
                            "FAILOVER",
                            "example")
                        .equals("OK"));
        master = queries.awaitSettledMaster(master);
        assertThat(FAILOVER_END.matcher(set.sentinelLogs()).results().count()).isEqualTo(1);
      }
    }
    // Every Sentinel is a replacement: each logs in to the pods as the Sentinels' own user.
    int settled = queries.awaitSettledMaster(-1);
    org.awaitility.Awaitility.await("the master's Sentinel connections are all the Sentinel user's")
        .atMost(LoopbackRedisQueries.PATIENCE)
        .until(
            () -> {
              List<String> sentinelClients =
                  queries
                      .redis(settled, "CLIENT", "LIST")
                      .lines()
                      .filter(line -> line.contains(" name=sentinel-"))
                      .toList();
              return !sentinelClients.isEmpty()
                  && sentinelClients.stream()
                      .allMatch(line -> line.contains(" user=mooring-sentinel "));
            });
  }

  /** Every Sentinel in {@code live} reaches the quorum and the majority to authorise a failover. */
  private void assertQuorum(IntStream live) {
    live.forEach(
        i ->
            assertThat(
                    set.cli(
                        set.sentinelAddress(i),
                        set.sentinelPort,
                        "SENTINEL",
                        "CKQUORUM",
                        "example"))
                .as("SENTINEL CKQUORUM on Sentinel %d", i)
                .startsWith("OK"));
  }

  /** Ready as the Sentinel's readiness probe says: it knows the master and its two peers. */
  private void awaitReady(int index) {
    org.awaitility.Awaitility.await("Sentinel " + index + " is ready")
        .atMost(LoopbackRedisQueries.PATIENCE)
        .until(
            () -> {
              String view =
                  set.cli(
                      set.sentinelAddress(index),
                      set.sentinelPort,
                      "SENTINEL",
                      "MASTER",
                      "example");
              List<String> lines = view.lines().toList();
              int flags = lines.indexOf("flags");
              int others = lines.indexOf("num-other-sentinels");
              return flags >= 0
                  && others >= 0
                  && lines.get(flags + 1).equals("master")
                  && Integer.parseInt(lines.get(others + 1)) >= RedisContext.SENTINELS - 1;
            });
  }

  /**
   * Every Sentinel in {@code live} can reach the quorum and the majority to authorise a failover.
   */
  private void awaitQuorum(IntStream live) {
    int[] sentinels = live.toArray();
    org.awaitility.Awaitility.await("SENTINEL CKQUORUM is OK on every live Sentinel")
        .atMost(LoopbackRedisQueries.PATIENCE)
        .until(
            () ->
                IntStream.of(sentinels)
                    .allMatch(
                        i ->
                            set.cli(
                                    set.sentinelAddress(i),
                                    set.sentinelPort,
                                    "SENTINEL",
                                    "CKQUORUM",
                                    "example")
                                .startsWith("OK")));
  }

  /** From the roll's pause of the old master to the first write another master accepted. */
  private static long pausedFor(RollTimeline timeline, String oldMaster) {
    List<RollTimeline.Mark> marks = timeline.marks();
    long paused =
        marks.stream()
            .filter(mark -> mark.what().contains("CLIENT PAUSE"))
            .mapToLong(RollTimeline.Mark::nanos)
            .min()
            .orElseThrow();
    return (marks.stream()
                .filter(mark -> mark.nanos() > paused)
                .filter(
                    mark ->
                        mark.what().startsWith("writer: SET on ") && mark.what().endsWith("-> OK"))
                .filter(mark -> !mark.what().contains(" " + oldMaster + " "))
                .mapToLong(RollTimeline.Mark::nanos)
                .min()
                .orElse(paused)
            - paused)
        / 1_000_000;
  }

  private SetAccess access(RedisNames names) {
    return new SetAccess(
        pod ->
            LoopbackRedisSet.redisAddress(
                Integer.parseInt(pod.substring(pod.lastIndexOf('-') + 1))),
        address ->
            IntStream.range(0, REPLICAS)
                .filter(i -> LoopbackRedisSet.redisAddress(i).equals(address))
                .mapToObj(names::pod)
                .findFirst(),
        IntStream.range(0, RedisContext.SENTINELS).mapToObj(set::sentinelAddress).toList(),
        set.redisPort,
        set.sentinelPort,
        set.password(),
        Duration.ofSeconds(2));
  }

  private Optional<String> masterAddress() {
    for (int i = 0; i < RedisContext.SENTINELS; i++) {
      Optional<String> reply =
          RedisConnection.callOnce(
              set.sentinelAddress(i),
              set.sentinelPort,
              set.password(),
              Duration.ofMillis(500),
              List.of("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "example"));
      if (reply.isPresent() && !reply.get().isEmpty() && !reply.get().contains(" ")) {
        return reply.get().lines().findFirst();
      }
    }
    return Optional.empty();
  }
}
