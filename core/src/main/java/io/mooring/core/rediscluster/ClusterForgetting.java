package io.mooring.core.rediscluster;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The last part of a change: nodes the cluster knows that are not kept pods (a leaving shard once
 * drained, replicas above replicasPerMaster, pods already gone) are forgotten by every kept pod. A
 * node that serves slots is never forgotten, and a master only after its replicas.
 */
final class ClusterForgetting {
  private ClusterForgetting() {}

  static ClusterStep next(DesiredLayout layout, LiveCluster live) {
    List<NodeAddress> keptPods = layout.keptPods();
    Set<String> keptIds =
        keptPods.stream().map(pod -> live.report(pod).myself().id()).collect(Collectors.toSet());
    for (NodeAddress pod : keptPods) {
      for (ClusterNode node : live.report(pod).view()) {
        if (keptIds.contains(node.id())) {
          continue;
        }
        if (node.slotCount() > 0) {
          return new ClusterStep.Blocked(
              "node "
                  + node.shortId()
                  + " serves slots "
                  + SlotRange.of(node.slots())
                  + " but is not one of the pods the app keeps");
        }
        boolean followed =
            live.report(pod).view().stream()
                .anyMatch(
                    other -> node.id().equals(other.masterId()) && !other.id().equals(node.id()));
        if (followed) {
          continue;
        }
        // Every kept pod forgets it, so that no kept pod's gossip brings it back.
        return new ClusterStep.Forget(node.id(), keptPods);
      }
    }
    for (NodeAddress pod : keptPods) {
      for (ClusterNode node : live.report(pod).view()) {
        if (!keptIds.contains(node.id())) {
          return new ClusterStep.Blocked(
              "node " + node.shortId() + " is followed by a replica that stays; it cannot go");
        }
      }
    }
    List<NodeAddress> leaving = layout.allPods().stream().filter(pod -> !layout.kept(pod)).toList();
    return new ClusterStep.Done(leaving);
  }
}
