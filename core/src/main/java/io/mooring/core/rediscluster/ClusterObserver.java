package io.mooring.core.rediscluster;

import java.util.ArrayList;
import java.util.List;

/** Reads every pod of the layout once: its CLUSTER NODES, CLUSTER INFO and DBSIZE. */
final class ClusterObserver {
  private ClusterObserver() {}

  static LiveCluster observe(NodeCommands commands, DesiredLayout layout) {
    List<NodeReport> reports = new ArrayList<>();
    for (NodeAddress pod : layout.allPods()) {
      reports.add(report(commands, pod));
    }
    return new LiveCluster(reports);
  }

  static NodeReport report(NodeCommands commands, NodeAddress pod) {
    try {
      String ip = commands.resolve(pod);
      List<ClusterNode> view = ClusterNodesParser.parse(commands.clusterNodes(pod));
      boolean ok = commands.clusterInfo(pod).contains("cluster_state:ok");
      return new NodeReport(pod, ip, null, view, ok, commands.dbSize(pod));
    } catch (RuntimeException e) {
      return NodeReport.unreachable(pod, String.valueOf(e.getMessage()));
    }
  }
}
