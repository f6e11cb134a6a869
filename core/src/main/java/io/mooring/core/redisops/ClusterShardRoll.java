package io.mooring.core.redisops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Rolls one shard of a Redis Cluster (one StatefulSet: a master and its replicas) onto its current
 * template in the order {@link RollPlanner} gives a Sentinel set: replicas one at a time, each back
 * with its link up and caught up; then {@code CLUSTER FAILOVER} on an updated replica; then the old
 * master, by then a replica. The shard's master is the pod that reports itself master: the cluster
 * has no Sentinels to ask. A coordinated {@code CLUSTER FAILOVER} pauses the master's clients until
 * the replica has every write, so no acknowledged write is left behind.
 */
public final class ClusterShardRoll {
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
    Optional<RedisNode> successor =
        view.nodes().stream()
            .filter(node -> !node.pod().equals(master) && node.updated() && node.healthyReplica())
            .min(Comparator.comparingInt(RedisNode::ordinal));
    if (successor.isEmpty()) {
      return new RollStep.Await(master, "no updated replica is caught up to take over");
    }
    pods.record(
        Optional.of(
            new RollProgress(
                view.revision(), RollProgress.Step.FAILOVER, master, clock.instant())));
    String reply =
        redis.redis(successor.get().pod(), List.of("CLUSTER", "FAILOVER")).orElse("no answer");
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
    long masterOffset =
        master
            .flatMap(pod -> redis.redis(pod, List.of("INFO", "replication")))
            .map(info -> InfoFields.number(info, "master_repl_offset"))
            .orElse(-1L);
    List<RedisNode> nodes = new ArrayList<>();
    for (RollPods.Pod pod : current) {
      Optional<String> info =
          redis.redis(pod.name(), List.of("INFO", "replication", "server", "persistence"));
      nodes.add(SentinelRoll.node(pod, info, masterOffset));
    }
    return new RollView(revision, nodes, master, desiredVersion);
  }
}
