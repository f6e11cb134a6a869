package io.mooring.core.rediscluster;

import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The reports of every pod of one app, read in one pass, and what follows from them together. */
public final class LiveCluster {
  private final Map<NodeAddress, NodeReport> reports = new LinkedHashMap<>();

  public LiveCluster(List<NodeReport> reports) {
    reports.forEach(report -> this.reports.put(report.pod(), report));
  }

  public List<NodeReport> reports() {
    return List.copyOf(reports.values());
  }

  public NodeReport report(NodeAddress pod) {
    NodeReport report = reports.get(pod);
    if (report == null) {
      throw new IllegalArgumentException("no report of " + pod);
    }
    return report;
  }

  public List<NodeReport> reachable() {
    return reports.values().stream().filter(NodeReport::reachable).toList();
  }

  /** The pod whose Redis has this node id, if it is one of the reported pods. */
  public Optional<NodeAddress> podOf(String id) {
    return reachable().stream()
        .filter(report -> report.myself().id().equals(id))
        .map(NodeReport::pod)
        .findFirst();
  }

  /**
   * The pod whose view is taken for the cluster's: the one serving the most slots, else the one
   * knowing the most nodes, else the first pod.
   */
  public Optional<NodeReport> anchor() {
    return reachable().stream()
        .max(
            Comparator.<NodeReport>comparingInt(report -> report.myself().slotCount())
                .thenComparingInt(report -> report.view().size())
                .thenComparing(
                    report -> -List.copyOf(reports.keySet()).indexOf(report.pod()),
                    Comparator.naturalOrder()));
  }

  public List<ClusterNode> anchorView() {
    return anchor().map(NodeReport::view).orElse(List.of());
  }

  /**
   * Slots some master serves, as the anchor sees it or as a master says of itself (the anchor may
   * not have heard yet of slots just assigned).
   */
  public BitSet covered() {
    BitSet covered = new BitSet(SlotRange.SLOTS);
    anchorView().stream().filter(ClusterNode::master).forEach(node -> covered.or(node.slots()));
    reachable().stream()
        .map(NodeReport::myself)
        .filter(ClusterNode::master)
        .forEach(node -> covered.or(node.slots()));
    return covered;
  }

  public int slotsAssigned() {
    return covered().cardinality();
  }

  /** Slots importing or migrating on some node, lowest first, with the nodes that say so. */
  public Map<Integer, List<NodeAddress>> openSlots() {
    Map<Integer, List<NodeAddress>> open = new TreeMap<>();
    for (NodeReport report : reachable()) {
      ClusterNode myself = report.myself();
      myself.migrating().keySet().forEach(slot -> add(open, slot, report.pod()));
      myself.importing().keySet().forEach(slot -> add(open, slot, report.pod()));
    }
    return open;
  }

  /** Every reachable pod reports {@code cluster_state:ok}. */
  public boolean stateOk() {
    return !reachable().isEmpty()
        && reachable().size() == reports.size()
        && reachable().stream().allMatch(NodeReport::stateOk);
  }

  /** Slots that two pods each claim as their own, with the claimants. */
  public Map<Integer, List<NodeAddress>> doubleClaims() {
    Map<Integer, List<NodeAddress>> claims = new TreeMap<>();
    for (NodeReport report : reachable()) {
      BitSet slots = report.myself().slots();
      for (int slot = slots.nextSetBit(0); slot >= 0; slot = slots.nextSetBit(slot + 1)) {
        add(claims, slot, report.pod());
      }
    }
    claims.values().removeIf(pods -> pods.size() < 2);
    return claims;
  }

  private static void add(Map<Integer, List<NodeAddress>> map, int slot, NodeAddress pod) {
    map.merge(
        slot,
        List.of(pod),
        (a, b) -> {
          List<NodeAddress> both = new java.util.ArrayList<>(a);
          both.addAll(b);
          return both;
        });
  }
}
