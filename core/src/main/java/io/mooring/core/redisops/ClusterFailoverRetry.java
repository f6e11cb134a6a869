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
   * <p>A request asked again is not sure to win either: see {@link #retryAfter}.
   */
  static final Duration MANUAL_FAILOVER_TIMEOUT = Duration.ofSeconds(5);

  /** Redis's own default {@code cluster-node-timeout}, for a node that does not say its own. */
  static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(15);

  /**
   * How often Redis runs {@code clusterCron}, where a replica checks that timeout (every 100 ms of
   * {@code serverCron}): it gives a failover up on the first run after the timeout. A request that
   * arrives before then resets the failover still in flight instead, and the master's writes stay
   * paused with no pause lifted in between.
   */
  static final Duration CLUSTER_CRON_PERIOD = Duration.ofMillis(100);

  private ClusterFailoverRetry() {}

  /**
   * How long after a request the replica is asked again. A replica starts no new election until
   * twice its election timeout after its last one ({@code auth_retry_time} in cluster.c: twice
   * {@code max(2 × cluster-node-timeout, 2 s)}), and a master that voted refuses to vote about the
   * same master again for twice {@code cluster-node-timeout}: a request sooner than that lapses
   * like the first, and only pauses the master's writes for up to {@link #MANUAL_FAILOVER_TIMEOUT}
   * again. With the rendered 15 s node timeout that is once a minute.
   */
  static Duration retryAfter(Duration nodeTimeout) {
    Duration electionTimeout = max(nodeTimeout.multipliedBy(2), Duration.ofSeconds(2));
    Duration givenUp = MANUAL_FAILOVER_TIMEOUT.plus(CLUSTER_CRON_PERIOD);
    return max(givenUp, electionTimeout.multipliedBy(2).plus(CLUSTER_CRON_PERIOD));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

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
   * #retryAfter} for the shard's {@code nodeTimeout}. The caller asks only while the step is within
   * its bound.
   */
  static Optional<RedisNode> askAgain(
      RollView view, RollProgress progress, Instant now, Duration nodeTimeout) {
    Instant givenUp = progress.asked().plus(retryAfter(nodeTimeout));
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
