package io.mooring.core.rediscluster;

import java.util.List;

/**
 * Where one run of the orchestration left an app's cluster.
 *
 * @param line the status line: what was done or what stops it
 * @param podsMayGo pods of leaving shards and replicas that the cluster has forgotten
 * @param slotsMoved slots moved for the current change so far, across runs
 */
public record ClusterOutcome(
    State state, String line, List<NodeAddress> podsMayGo, int slotsMoved) {
  public ClusterOutcome {
    podsMayGo = List.copyOf(podsMayGo);
  }

  public enum State {
    /** The cluster has the desired layout and is ok. */
    SETTLED,
    /** Still converging (the servers are busy, or a step failed and is tried again next sync). */
    IN_PROGRESS,
    /** Refused: the cluster is not ok for a reason Mooring does not fix. */
    BLOCKED,
    /** A slot could not be moved: named in the line; its keys stay where they are. */
    DEGRADED
  }
}
