package io.mooring.core.rediscluster;

import java.util.ArrayList;
import java.util.List;

/**
 * What the spec asks for and which pods run now. Shard {@code i}'s pods are listed by ordinal; pod
 * 0 is the shard's first master. Shards at or above {@code masters}, and pods of a shard above
 * ordinal {@code replicasPerMaster}, are still running but leaving: their slots are moved away and
 * the cluster forgets them before their pods may go.
 */
public record DesiredLayout(int masters, int replicasPerMaster, List<List<NodeAddress>> shards) {
  public DesiredLayout {
    if (masters < 1) {
      throw new IllegalArgumentException("a cluster needs at least one master, not " + masters);
    }
    if (replicasPerMaster < 0) {
      throw new IllegalArgumentException("replicasPerMaster is negative: " + replicasPerMaster);
    }
    if (shards.size() < masters) {
      throw new IllegalArgumentException(
          masters + " masters wanted but only " + shards.size() + " shards run");
    }
    shards = shards.stream().map(List::copyOf).toList();
  }

  /** True for a pod that stays in the cluster after this change. */
  public boolean kept(int shard, int ordinal) {
    return shard < masters && ordinal <= replicasPerMaster;
  }

  public boolean kept(NodeAddress pod) {
    for (int shard = 0; shard < shards.size(); shard++) {
      int ordinal = shards.get(shard).indexOf(pod);
      if (ordinal >= 0) {
        return kept(shard, ordinal);
      }
    }
    return false;
  }

  public List<NodeAddress> allPods() {
    List<NodeAddress> all = new ArrayList<>();
    shards.forEach(all::addAll);
    return all;
  }

  public List<NodeAddress> keptPods() {
    return allPods().stream().filter(this::kept).toList();
  }

  /** Short form for status lines and the progress record: {@code 4x1}. */
  public String shape() {
    return masters + "x" + replicasPerMaster;
  }
}
