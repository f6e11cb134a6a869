package io.mooring.core.rediscluster;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides the next step from the desired layout and the servers' own report, in the order
 * redis-cli's {@code --cluster fix} checks, then the change: every pod answers; every pod is met;
 * half-moved slots are finished or rolled back; unserved slots are assigned; the cluster is ok;
 * replicas follow their shard's master; slots move to the even split; nodes that leave are
 * forgotten. The live role wins over the layout: a shard's master is whichever of its pods serves
 * its slots now.
 */
public final class ClusterPlanner {
  private ClusterPlanner() {}

  public static ClusterStep next(DesiredLayout layout, LiveCluster live) {
    for (NodeReport report : live.reports()) {
      if (!report.reachable()) {
        return new ClusterStep.Wait(report.pod() + " does not answer: " + report.error());
      }
    }
    NodeReport anchor = live.anchor().orElseThrow();
    for (NodeReport report : live.reports()) {
      if (report.alone() && report.keys() > 0) {
        return new ClusterStep.Blocked(
            report.pod()
                + " holds "
                + report.keys()
                + " keys but belongs to no cluster; Mooring does not build a cluster over data");
      }
      if (!report.pod().equals(anchor.pod())
          && report.view().size() == 1
          && report.myself().slotCount() > 0
          && anchor.myself().slotCount() > 0) {
        return new ClusterStep.Blocked(
            report.pod() + " serves slots of another cluster; joining the two could lose keys");
      }
    }
    Optional<ClusterStep> meet = meet(layout, live, anchor);
    if (meet.isPresent()) {
      return meet.get();
    }
    Optional<ClusterStep> agreement = agreement(layout, live);
    if (agreement.isPresent()) {
      return agreement.get();
    }
    Optional<ClusterStep> open = openSlot(live);
    if (open.isPresent()) {
      return open.get();
    }
    Map<Integer, List<NodeAddress>> claims = live.doubleClaims();
    if (!claims.isEmpty()) {
      Map.Entry<Integer, List<NodeAddress>> first = claims.entrySet().iterator().next();
      return new ClusterStep.Blocked(
          "slot " + first.getKey() + " is claimed by each of " + first.getValue());
    }
    List<NodeAddress> masters = shardMasters(layout, live);
    BitSet uncovered = live.covered();
    uncovered.flip(0, SlotRange.SLOTS);
    if (!uncovered.isEmpty()) {
      return assign(layout, masters, uncovered);
    }
    Optional<ClusterStep> health = health(layout, live);
    if (health.isPresent()) {
      return health.get();
    }
    Optional<ClusterStep> replicas = replicas(layout, live, masters);
    if (replicas.isPresent()) {
      return replicas.get();
    }
    Optional<ClusterStep.MoveSlots> move = balance(layout, live, masters);
    if (move.isPresent()) {
      return move.get();
    }
    return ClusterForgetting.next(layout, live);
  }

  /** Pods the anchor does not know, or knows at an address the pod no longer has. */
  private static Optional<ClusterStep> meet(
      DesiredLayout layout, LiveCluster live, NodeReport anchor) {
    List<NodeAddress> missing = new ArrayList<>();
    for (NodeReport report : live.reports()) {
      // A leaving pod that serves no slot may have been forgotten already: never met again.
      if (report.pod().equals(anchor.pod())
          || (!layout.kept(report.pod()) && report.myself().slotCount() == 0)) {
        continue;
      }
      Optional<ClusterNode> known = anchor.find(report.myself().id());
      if (known.isEmpty() || !known.get().ip().equals(report.ip())) {
        missing.add(report.pod());
      }
    }
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    // On a fresh bootstrap every pod is alone; after a full restart on new addresses every pod
    // knows the others at their old ones. Either way one MEET each from the anchor suffices.
    return Optional.of(new ClusterStep.Meet(anchor.pod(), missing));
  }

  /**
   * Handshakes still running, a kept pod still marked failing by another, or known by another at an
   * address it no longer has. The last happens after pods restart on new addresses: the anchor
   * meets them again and gossip corrects the others' views; until it has, a client that takes the
   * topology from such a node connects to an address where no server listens.
   */
  private static Optional<ClusterStep> agreement(DesiredLayout layout, LiveCluster live) {
    List<NodeReport> kept = layout.keptPods().stream().map(live::report).toList();
    Map<String, String> ips =
        kept.stream()
            .collect(
                Collectors.toMap(
                    report -> report.myself().id(),
                    NodeReport::ip,
                    (a, b) -> a,
                    LinkedHashMap::new));
    for (NodeReport report : kept) {
      for (Map.Entry<String, String> other : ips.entrySet()) {
        String id = other.getKey();
        Optional<ClusterNode> node = report.find(id);
        if (node.isEmpty() || node.get().joining()) {
          return Optional.of(
              new ClusterStep.Wait(report.pod() + " does not know node " + shortId(id) + " yet"));
        }
        if (node.get().failing()) {
          return Optional.of(
              new ClusterStep.Wait(report.pod() + " still marks node " + shortId(id) + " failing"));
        }
        // A node's own entry may lack its address until it is met; only others' entries count.
        if (!id.equals(report.myself().id()) && !node.get().ip().equals(other.getValue())) {
          return Optional.of(
              new ClusterStep.Wait(
                  report.pod() + " knows node " + shortId(id) + " at an old address"));
        }
      }
    }
    return Optional.empty();
  }

  /** The lowest slot some node holds open; finished when its target answers, else rolled back. */
  private static Optional<ClusterStep> openSlot(LiveCluster live) {
    Map<Integer, List<NodeAddress>> open = live.openSlots();
    if (open.isEmpty()) {
      return Optional.empty();
    }
    int slot = open.keySet().iterator().next();
    String source = null;
    String target = null;
    for (NodeAddress pod : open.get(slot)) {
      ClusterNode myself = live.report(pod).myself();
      if (myself.migrating().containsKey(slot)) {
        source = myself.id();
        target = myself.migrating().get(slot);
      }
      if (myself.importing().containsKey(slot)) {
        target = myself.id();
        source = myself.importing().get(slot);
      }
    }
    boolean targetAnswers =
        live.podOf(target).map(pod -> live.report(pod).myself().master()).orElse(false);
    if (!targetAnswers && live.podOf(source).isEmpty()) {
      return Optional.of(
          new ClusterStep.Blocked(
              "slot " + slot + " is half-moved between two nodes that are not the app's pods"));
    }
    return Optional.of(new ClusterStep.FinishMigration(slot, source, target, !targetAnswers));
  }

  /**
   * Each shard's master: the pod serving its slots now (after a failover, the promoted replica),
   * else a pod that is a master, pod 0 first.
   */
  static List<NodeAddress> shardMasters(DesiredLayout layout, LiveCluster live) {
    List<NodeAddress> masters = new ArrayList<>();
    for (List<NodeAddress> shard : layout.shards()) {
      NodeAddress chosen = null;
      int most = 0;
      for (NodeAddress pod : shard) {
        ClusterNode myself = live.report(pod).myself();
        if (myself.master() && myself.slotCount() > most) {
          chosen = pod;
          most = myself.slotCount();
        }
      }
      if (chosen == null) {
        chosen =
            shard.stream()
                .filter(pod -> live.report(pod).myself().master())
                .findFirst()
                .orElse(shard.get(0));
      }
      masters.add(chosen);
    }
    return masters;
  }

  /**
   * Slots no master serves: on a new cluster the even split; after an interrupted bootstrap or a
   * lost shard, each to the kept master the even split would give it to.
   */
  private static ClusterStep assign(
      DesiredLayout layout, List<NodeAddress> masters, BitSet uncovered) {
    Map<NodeAddress, BitSet> byMaster = new LinkedHashMap<>();
    for (int slot = uncovered.nextSetBit(0); slot >= 0; slot = uncovered.nextSetBit(slot + 1)) {
      NodeAddress owner = masters.get(SlotSplit.ownerOf(slot, layout.masters()));
      byMaster.computeIfAbsent(owner, pod -> new BitSet(SlotRange.SLOTS)).set(slot);
    }
    Map<NodeAddress, List<SlotRange>> ranges = new LinkedHashMap<>();
    byMaster.forEach((pod, slots) -> ranges.put(pod, SlotRange.of(slots)));
    return new ClusterStep.AssignSlots(ranges);
  }

  /** Refuses what Mooring cannot fix, and waits for what the cluster fixes by itself. */
  private static Optional<ClusterStep> health(DesiredLayout layout, LiveCluster live) {
    List<ClusterNode> view = live.anchorView();
    for (ClusterNode node : view) {
      if (node.master() && node.slotCount() > 0 && node.failing()) {
        boolean replicaUp =
            view.stream().anyMatch(r -> node.id().equals(r.masterId()) && !r.failing());
        return Optional.of(
            replicaUp
                ? new ClusterStep.Wait(
                    "master " + node.shortId() + " is failing; its replica should take over")
                : new ClusterStep.Blocked(
                    "slots "
                        + SlotRange.of(node.slots())
                        + " are served by "
                        + node.shortId()
                        + ", which is down and has no replica to take over"));
      }
    }
    for (NodeAddress pod : layout.keptPods()) {
      NodeReport report = live.report(pod);
      if (!report.stateOk()) {
        return Optional.of(
            new ClusterStep.Wait(report.pod() + " does not report cluster_state:ok yet"));
      }
    }
    return Optional.empty();
  }

  /** A kept replica that follows another node than its shard's master, or a leaving master. */
  private static Optional<ClusterStep> replicas(
      DesiredLayout layout, LiveCluster live, List<NodeAddress> masters) {
    for (int shard = 0; shard < layout.masters(); shard++) {
      NodeAddress master = masters.get(shard);
      ClusterNode masterNode = live.report(master).myself();
      if (!layout.kept(master)) {
        // Replicas are promoted by the cluster, never by Mooring, unless the layout drops the
        // master's pod: then a kept replica takes over first.
        Optional<NodeAddress> successor =
            layout.shards().get(shard).stream()
                .filter(layout::kept)
                .filter(pod -> masterNode.id().equals(live.report(pod).myself().masterId()))
                .findFirst();
        if (successor.isPresent()) {
          return Optional.of(new ClusterStep.Failover(successor.get()));
        }
      }
      for (NodeAddress pod : layout.shards().get(shard)) {
        if (pod.equals(master) || !layout.kept(pod)) {
          continue;
        }
        ClusterNode node = live.report(pod).myself();
        if (masterNode.id().equals(node.masterId())) {
          continue;
        }
        if (node.slotCount() > 0) {
          return Optional.of(
              new ClusterStep.Blocked(pod + " and " + master + " of one shard both serve slots"));
        }
        if (node.master() && live.report(pod).keys() > 0) {
          return Optional.of(
              new ClusterStep.Blocked(
                  pod + " is a master without slots but holds keys; it cannot become a replica"));
        }
        return Optional.of(new ClusterStep.Replicate(pod, masterNode.id()));
      }
    }
    return Optional.empty();
  }

  private static Optional<ClusterStep.MoveSlots> balance(
      DesiredLayout layout, LiveCluster live, List<NodeAddress> masters) {
    List<NodeAddress> kept = masters.subList(0, layout.masters());
    List<BitSet> keptSlots = kept.stream().map(pod -> live.report(pod).myself().slots()).toList();
    List<NodeAddress> leaving = new ArrayList<>();
    List<BitSet> leavingSlots = new ArrayList<>();
    for (NodeReport report : live.reports()) {
      ClusterNode myself = report.myself();
      if (!kept.contains(report.pod()) && myself.slotCount() > 0) {
        leaving.add(report.pod());
        leavingSlots.add(myself.slots());
      }
    }
    return SlotBalancer.next(kept, keptSlots, leaving, leavingSlots);
  }

  static String shortId(String id) {
    return id.length() > 8 ? id.substring(0, 8) : id;
  }
}
