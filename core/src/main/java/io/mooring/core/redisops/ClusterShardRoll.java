package io.mooring.core.redisops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls one shard of a Redis Cluster (one StatefulSet: a master and its replicas) onto its current
 * template in the order {@link RollPlanner} gives a Sentinel set: replicas one at a time, each back
 * with its link up and caught up; then {@code CLUSTER FAILOVER} on an updated replica; then the old
 * master, by then a replica. The shard's master is the pod that reports itself master: the cluster
 * has no Sentinels to ask. A coordinated {@code CLUSTER FAILOVER} pauses the master's clients until
 * the replica has every write, so no acknowledged write is left behind. A failover the replica
 * abandoned is asked for again (see {@link ClusterFailoverRetry}).
 */
public final class ClusterShardRoll {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterShardRoll.class);

  private final RollPods pods;
  private final RedisAccess redis;
  private final Clock clock;
  private final Duration bound;
  private final Duration poll;
  private final Optional<String> desiredVersion;

  /**
   * @param bound how long one step may take to become healthy
   * @param poll how often the servers are asked again while a step is in flight
   * @param desiredVersion the version the spec asks for, when it names one
   */
  public ClusterShardRoll(
      RollPods pods,
      RedisAccess redis,
      Clock clock,
      Duration bound,
      Duration poll,
      Optional<String> desiredVersion) {
    this.pods = pods;
    this.redis = redis;
    this.clock = clock;
    this.bound = bound;
    this.poll = poll;
    this.desiredVersion = desiredVersion;
  }

  /** Steps until the shard's roll is done, stopped or refused. */
  public RollStep run() throws InterruptedException {
    return RollLoop.run(this::step, clock, bound, poll);
  }

  /** Observes the shard, decides the next step and takes it, once. */
  public RollStep step() {
    RollView view = observe();
    Optional<RollProgress> progress = pods.recorded();
    Instant now = clock.instant();
    RollStep step = RollPlanner.next(view, progress, now, bound);
    if (step instanceof RollStep.Await await
        && progress.isPresent()
        && progress.get().step() == RollProgress.Step.FAILOVER) {
      Optional<RedisNode> again =
          ClusterFailoverRetry.askAgain(
              view, progress.get(), now, nodeTimeout(progress.get().pod()));
      if (again.isPresent()) {
        return askAgain(progress.get(), again.get().pod(), now, await);
      }
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
    }
    return step;
  }

  private RollStep failover(RollView view, String master) {
    Optional<RedisNode> successor = ClusterFailoverRetry.successor(view, master);
    if (successor.isEmpty()) {
      return new RollStep.Await(master, "no updated replica is caught up to take over");
    }
    RollProgress progress =
        new RollProgress(view.revision(), RollProgress.Step.FAILOVER, master, clock.instant());
    pods.record(Optional.of(progress));
    String reply =
        redis.redis(successor.get().pod(), List.of("CLUSTER", "FAILOVER")).orElse("no answer");
    answered(progress, reply);
    if (!"OK".equals(reply)) {
      return new RollStep.Degraded(
          master,
          "CLUSTER FAILOVER on "
              + successor.get().pod()
              + " was refused: "
              + reply
              + "; the roll stopped");
    }
    return new RollStep.Failover(master);
  }

  /**
   * Records when the replica accepted the request: its manual-failover timeout started just before
   * it answered, so counting from the answer never asks again while that failover still runs. The
   * record written before sending stays when it did not answer OK.
   */
  private void answered(RollProgress progress, String reply) {
    Instant now = clock.instant();
    if ("OK".equals(reply) && now.isAfter(progress.asked())) {
      pods.record(Optional.of(progress.askedAgain(now)));
    }
  }

  /**
   * Sends {@code CLUSTER FAILOVER} again for a failover the successor abandoned. The time is
   * recorded first (and again once accepted), so that a Mooring that restarts (or another that
   * takes over) right after never asks sooner; the step's bound still counts from the first
   * request. A refusal is awaited like the failover itself: the servers may have moved on since
   * they were observed.
   */
  private RollStep askAgain(
      RollProgress progress, String successor, Instant now, RollStep.Await waiting) {
    RollProgress again = progress.askedAgain(now);
    pods.record(Optional.of(again));
    String reply = redis.redis(successor, List.of("CLUSTER", "FAILOVER")).orElse("no answer");
    answered(again, reply);
    String outcome =
        "OK".equals(reply)
            ? "asked " + successor + " again to take over"
            : "CLUSTER FAILOVER asked again on " + successor + " was refused: " + reply;
    LOG.info("{}; {}", waiting.reason(), outcome);
    return new RollStep.Await(progress.pod(), waiting.reason() + "; " + outcome);
  }

  /** The {@code cluster-node-timeout} the pod reports; Redis's default when it does not answer. */
  private Duration nodeTimeout(String pod) {
    return redis
        .redis(pod, List.of("CONFIG", "GET", "cluster-node-timeout"))
        .map(reply -> reply.split("\n", -1))
        .filter(lines -> lines.length == 2 && lines[1].matches("[0-9]{1,12}"))
        .map(lines -> Duration.ofMillis(Long.parseLong(lines[1])))
        .orElse(ClusterFailoverRetry.DEFAULT_NODE_TIMEOUT);
  }

  /**
   * Finds the master by the roles the pods report, then reads its offset before the pods' own
   * reports: a replica read after the master's offset has it once it is caught up, even under
   * writes.
   */
  RollView observe() {
    String revision = pods.updateRevision();
    List<RollPods.Pod> current = pods.pods();
    List<String> masters = new ArrayList<>();
    for (RollPods.Pod pod : current) {
      Optional<String> role =
          redis
              .redis(pod.name(), List.of("INFO", "replication"))
              .flatMap(info -> InfoFields.field(info, "role"));
      if (role.orElse("").equals("master")) {
        masters.add(pod.name());
      }
    }
    // Two pods that both say master (a failover a moment from done) name no master yet.
    Optional<String> master = masters.size() == 1 ? Optional.of(masters.get(0)) : Optional.empty();
    Optional<String> masterInfo =
        master.flatMap(pod -> redis.redis(pod, List.of("INFO", "replication")));
    long masterOffset =
        masterInfo.map(info -> InfoFields.number(info, "master_repl_offset")).orElse(-1L);
    Optional<String> masterReplid =
        masterInfo.flatMap(info -> InfoFields.field(info, "master_replid"));
    List<RedisNode> nodes = new ArrayList<>();
    for (RollPods.Pod pod : current) {
      Optional<String> info =
          redis.redis(pod.name(), List.of("INFO", "replication", "server", "persistence"));
      // A replica with its link up carries its master's replication ID: one of another master (a
      // replica moved to another shard) is no replica of this one, however level its offset.
      boolean followsMaster =
          masterReplid.isEmpty()
              || info.flatMap(text -> InfoFields.field(text, "master_replid"))
                  .map(masterReplid.get()::equals)
                  .orElse(true);
      nodes.add(SentinelRoll.node(pod, info, masterOffset, followsMaster));
    }
    return new RollView(revision, nodes, master, desiredVersion);
  }
}
