package io.mooring.core.redisops;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which replica of a shard takes over from its master by {@code CLUSTER FAILOVER}, and when a
 * failover that did not happen is asked for again. A replica gives up a manual failover that the
 * masters did not vote for in time and never tries it again by itself, so without a second request
 * one lost vote would stop the whole roll at the step's bound. Pure: it decides from what the
 * servers report and the recorded step.
 */
final class ClusterFailoverRetry {
  /**
   * Redis's {@code CLUSTER_MF_TIMEOUT} (cluster.h, 5000 ms): how long a replica pursues a manual
   * failover before it logs "Manual failover timed out" and abandons it. A request sent sooner
   * would reset the one still running (the replica starts {@code CLUSTER FAILOVER} afresh).
   *
   * <p>A request asked again is not sure to win either: a master that voted for a replica of this
   * master refuses to vote about it again for twice {@code cluster-node-timeout}, and the replica
   * starts no new election until twice its election timeout (itself twice {@code
   * cluster-node-timeout}, at least 2 s) after its last one; a request within that time lapses like
   * the first, after pausing the master's writes up to this timeout. So it is asked again after
   * each timeout until one wins or the step's bound stops the roll.
   */
  static final Duration MANUAL_FAILOVER_TIMEOUT = Duration.ofSeconds(5);

  /**
   * How often Redis runs {@code clusterCron}, where a replica checks that timeout (every 100 ms of
   * {@code serverCron}): it gives a failover up on the first run after the timeout. A request that
   * arrives before then resets the failover still in flight instead, and the master's writes stay
   * paused with no pause lifted in between.
   */
  static final Duration CLUSTER_CRON_PERIOD = Duration.ofMillis(100);

  private ClusterFailoverRetry() {}

  /** The updated, caught-up replica of {@code master} with the lowest ordinal, if any. */
  static Optional<RedisNode> successor(RollView view, String master) {
    return view.nodes().stream()
        .filter(node -> !node.pod().equals(master) && node.updated() && node.healthyReplica())
        .min(Comparator.comparingInt(RedisNode::ordinal));
  }

  /**
   * The replica to send {@code CLUSTER FAILOVER} again, when the failover in flight was abandoned:
   * the old master is still the shard's only master, every other pod answers as a replica (none has
   * taken the role, nor may be about to while it does not answer), the successor follows the old
   * master and is caught up, and the last request the replica accepted is older than {@link
   * #MANUAL_FAILOVER_TIMEOUT} and the {@link #CLUSTER_CRON_PERIOD} in which it notices that. The
   * caller asks only while the step is within its bound.
   */
  static Optional<RedisNode> askAgain(RollView view, RollProgress progress, Instant now) {
    Instant givenUp = progress.asked().plus(MANUAL_FAILOVER_TIMEOUT).plus(CLUSTER_CRON_PERIOD);
    if (progress.step() != RollProgress.Step.FAILOVER || !now.isAfter(givenUp)) {
      return Optional.empty();
    }
    String master = progress.pod();
    boolean stillMaster =
        view.sentinelMaster().map(master::equals).orElse(false)
            && view.node(master).map(RedisNode::isMaster).orElse(false);
    boolean othersReplicas =
        view.nodes().stream()
            .filter(node -> !node.pod().equals(master))
            .allMatch(node -> node.role() == RedisNode.Role.REPLICA);
    if (!stillMaster || !othersReplicas) {
      return Optional.empty();
    }
    return successor(view, master);
  }
}
