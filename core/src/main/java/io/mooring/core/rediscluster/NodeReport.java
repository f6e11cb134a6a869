package io.mooring.core.rediscluster;

import java.util.List;
import java.util.Optional;

/**
 * What one pod's Redis said about itself and the cluster, read in one pass.
 *
 * @param ip the pod's current IP, resolved from its address (CLUSTER MEET takes an IP)
 * @param error why the pod could not be read, or null when it could
 * @param view its CLUSTER NODES, itself included
 * @param stateOk its CLUSTER INFO says {@code cluster_state:ok}
 * @param keys its DBSIZE
 */
public record NodeReport(
    NodeAddress pod, String ip, String error, List<ClusterNode> view, boolean stateOk, long keys) {
  public NodeReport {
    view = List.copyOf(view);
  }

  public static NodeReport unreachable(NodeAddress pod, String error) {
    return new NodeReport(pod, "", error, List.of(), false, 0);
  }

  public boolean reachable() {
    return error == null;
  }

  public ClusterNode myself() {
    return view.stream()
        .filter(ClusterNode::myself)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(pod + " did not report itself"));
  }

  public Optional<ClusterNode> find(String id) {
    return view.stream().filter(node -> node.id().equals(id)).findFirst();
  }

  /** It knows no other node and serves no slot: a fresh node, or one reset. */
  public boolean alone() {
    return view.size() == 1 && myself().slotCount() == 0;
  }
}
