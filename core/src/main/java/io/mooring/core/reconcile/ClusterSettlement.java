package io.mooring.core.reconcile;

import java.util.List;

/**
 * Where the cluster actions left a Redis Cluster app after one sync.
 *
 * @param line the app's status line (names nodes and slots, never credentials)
 * @param podsMayGo pods the cluster has let go: their shard's StatefulSet may now shrink or go
 */
public record ClusterSettlement(State state, String line, List<String> podsMayGo) {
  public ClusterSettlement {
    podsMayGo = List.copyOf(podsMayGo);
  }

  public enum State {
    SETTLED,
    IN_PROGRESS,
    /** A change refused while the cluster is not ok for a reason Mooring does not fix. */
    BLOCKED,
    /** A slot would not move; the line names it. */
    DEGRADED
  }
}
