package io.mooring.core.redisops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Carries out a roll of a Sentinel set one step at a time, as {@link RollPlanner} orders it. Before
 * the failover it pauses writes on the master and waits until every replica has all of them, so the
 * promoted replica holds every acknowledged write (whichever one the Sentinels pick: they are all
 * level). The pause ends by itself after the step's bound; it is lifted as soon as the Sentinels
 * name the new master, once the old master was made its replica (see {@link FailoverHandover}).
 */
public final class SentinelRoll {
  /**
   * How often the servers are asked while the master's writes are paused: every wait here is time
   * the application cannot write.
   */
  private static final Duration HANDOVER_POLL = Duration.ofMillis(50);

  private final String masterName;
  private final RollPods pods;
  private final RedisAccess redis;
  private final Clock clock;
  private final Duration bound;
  private final Duration poll;
  private final Optional<String> desiredVersion;
  private final FailoverHandover handover;

  /**
   * @param masterName the name the Sentinels monitor the set under
   * @param bound how long one step may take to become healthy
   * @param poll how often the servers are asked again while a step is in flight
   * @param desiredVersion the version the spec asks for, when it names one
   */
  public SentinelRoll(
      String masterName,
      RollPods pods,
      RedisAccess redis,
      Clock clock,
      Duration bound,
      Duration poll,
      Optional<String> desiredVersion) {
    this.masterName = masterName;
    this.pods = pods;
    this.redis = redis;
    this.clock = clock;
    this.bound = bound;
    this.poll = poll;
    this.desiredVersion = desiredVersion;
    this.handover = new FailoverHandover(redis, masterName);
  }

  /**
   * Steps until the roll is done, stopped or refused; waits between steps on what the servers
   * report.
   */
  public RollStep run() throws InterruptedException {
    return RollLoop.run(this::step, clock, bound, poll);
  }

  /** Observes the set, decides the next step and takes it (a restart or a failover), once. */
  public RollStep step() throws InterruptedException {
    RollView view = observe();
    Optional<RollProgress> progress = pods.recorded();
    Instant now = clock.instant();
    RollStep step = RollPlanner.next(view, progress, now, bound);
    Optional<RollProgress> failover = progress.filter(p -> p.step() == RollProgress.Step.FAILOVER);
    if (failover.isPresent()
        && !view.sentinelMaster().map(failover.get().pod()::equals).orElse(true)) {
      // The Sentinels moved on: writers follow them to the new master.
      unpause(failover.get().pod());
    }
    if (step instanceof RollStep.Restart restart) {
      pods.record(
          Optional.of(
              new RollProgress(view.revision(), RollProgress.Step.RESTART, restart.pod(), now)));
      pods.restart(restart.pod());
    } else if (step instanceof RollStep.Failover handover) {
      return failover(view, handover.master());
    } else if (step instanceof RollStep.Done && progress.isPresent()) {
      pods.record(Optional.empty());
    } else if (step instanceof RollStep.Degraded && failover.isPresent()) {
      unpause(failover.get().pod());
    }
    return step;
  }

  private RollStep failover(RollView view, String master) throws InterruptedException {
    Instant deadline = clock.instant().plus(bound);
    Optional<String> pingPeriod = handover.holdPings(master, bound);
    String pause =
        redis
            .redis(master, List.of("CLIENT", "PAUSE", Long.toString(bound.toMillis()), "WRITE"))
            .orElse("");
    if (!"OK".equals(pause)) {
      handover.releasePings(master, pingPeriod);
      return new RollStep.Degraded(master, "could not pause writes before the failover: " + pause);
    }
    List<String> replicas =
        pods.pods().stream().map(RollPods.Pod::name).filter(pod -> !pod.equals(master)).toList();
    // Paused, the master's offset stops: once every replica has reached it, each holds every write.
    while (!handover.replicasHaveEverything(master, replicas)) {
      if (clock.instant().isAfter(deadline)) {
        handover.releasePings(master, pingPeriod);
        unpause(master);
        return new RollStep.Degraded(
            master,
            "the replicas did not catch up with the paused master within "
                + bound.toSeconds()
                + " s; no failover, the roll stopped");
      }
      Thread.sleep(HANDOVER_POLL.toMillis());
    }
    pods.record(
        Optional.of(
            new RollProgress(
                view.revision(), RollProgress.Step.FAILOVER, master, clock.instant())));
    String reply = "";
    while (!"OK".equals(reply)) {
      reply = redis.sentinel(List.of("SENTINEL", "FAILOVER", masterName)).orElse("");
      if (!"OK".equals(reply)) {
        if (clock.instant().isAfter(deadline)) {
          handover.releasePings(master, pingPeriod);
          unpause(master);
          return new RollStep.Degraded(
              master, "the Sentinels did not start a failover: " + reply + "; the roll stopped");
        }
        Thread.sleep(poll.toMillis());
      }
    }
    // Writes stay paused until the Sentinels name the promoted replica: hand over at once rather
    // than on the roll's next look. Past the bound the planner reports the failover as stuck.
    while (clock.instant().isBefore(deadline)) {
      Optional<List<String>> promoted = handover.promoted(master);
      if (promoted.isPresent()) {
        handover.handOver(master, promoted.get(), pingPeriod);
        return new RollStep.Failover(master);
      }
      Thread.sleep(HANDOVER_POLL.toMillis());
    }
    handover.releasePings(master, pingPeriod);
    return new RollStep.Failover(master);
  }

  private void unpause(String pod) {
    redis.redis(pod, List.of("CLIENT", "UNPAUSE"));
  }

  /** Asks the Sentinels first, then the master, then the replicas: "caught up" is relative. */
  RollView observe() {
    String revision = pods.updateRevision();
    List<RollPods.Pod> current = pods.pods();
    Optional<String> master =
        redis
            .sentinel(List.of("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName))
            .flatMap(reply -> reply.lines().findFirst())
            .flatMap(redis::podAt);
    long masterOffset =
        master
            .flatMap(pod -> redis.redis(pod, List.of("INFO", "replication")))
            .map(info -> InfoFields.number(info, "master_repl_offset"))
            .orElse(-1L);
    List<RedisNode> nodes = new ArrayList<>();
    for (RollPods.Pod pod : current) {
      Optional<String> info =
          redis.redis(pod.name(), List.of("INFO", "replication", "server", "persistence"));
      // A replica still following the old master after a failover has no link to the new one,
      // however level its offset looks: restarting the old master then would leave the new one
      // without a replica until the Sentinels move it.
      boolean followsMaster =
          master.isEmpty()
              || info.flatMap(text -> InfoFields.field(text, "master_host"))
                  .map(host -> redis.podAt(host).equals(master))
                  .orElse(true);
      nodes.add(node(pod, info, masterOffset, followsMaster));
    }
    Optional<Set<String>> known =
        redis
            .sentinel(List.of("SENTINEL", "REPLICAS", masterName))
            .filter(SentinelReplicaList::isList)
            .map(
                reply ->
                    SentinelReplicaList.healthyAddresses(reply).stream()
                        .flatMap(address -> redis.podAt(address).stream())
                        .collect(Collectors.toSet()));
    return new RollView(revision, nodes, master, desiredVersion, known);
  }

  /** What one pod reports, against the master's offset read just before (-1 when unknown). */
  static RedisNode node(RollPods.Pod pod, Optional<String> info, long masterOffset) {
    return node(pod, info, masterOffset, true);
  }

  /** As above; a replica that does not follow the Sentinels' master has no link up. */
  static RedisNode node(
      RollPods.Pod pod, Optional<String> info, long masterOffset, boolean followsMaster) {
    if (info.isEmpty() || InfoFields.field(info.get(), "role").isEmpty()) {
      return new RedisNode(
          pod.name(),
          pod.ordinal(),
          pod.updated(),
          RedisNode.Role.UNREACHABLE,
          false,
          false,
          false,
          Optional.empty());
    }
    String text = info.get();
    boolean replica = InfoFields.field(text, "role").orElse("").equals("slave");
    boolean linkUp =
        followsMaster
            && InfoFields.field(text, "master_link_status").orElse("").equals("up")
            && InfoFields.number(text, "master_sync_in_progress") == 0;
    long offset = InfoFields.number(text, "slave_repl_offset");
    boolean busy =
        InfoFields.number(text, "loading") == 1
            || InfoFields.number(text, "aof_rewrite_in_progress") == 1
            || InfoFields.number(text, "aof_rewrite_scheduled") == 1
            || InfoFields.number(text, "async_loading") == 1;
    return new RedisNode(
        pod.name(),
        pod.ordinal(),
        pod.updated(),
        replica ? RedisNode.Role.REPLICA : RedisNode.Role.MASTER,
        linkUp,
        masterOffset >= 0 && offset >= masterOffset,
        busy,
        InfoFields.field(text, "redis_version"));
  }
}
