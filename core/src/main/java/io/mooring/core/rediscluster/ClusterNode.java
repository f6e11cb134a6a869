package io.mooring.core.rediscluster;

import java.util.BitSet;
import java.util.Map;
import java.util.Set;

/**
 * One line of CLUSTER NODES: a node as the reporting node sees it. Slots being imported or migrated
 * are only known for the reporting node itself ({@code myself}); for other nodes the maps are
 * empty.
 *
 * @param ip the address the reporting node knows it by (empty while unknown, e.g. {@code noaddr})
 * @param masterId the master's id for a replica, null for a master
 * @param migrating slot to the id of the node it is being moved to
 * @param importing slot to the id of the node it is being moved from
 */
public record ClusterNode(
    String id,
    String ip,
    int port,
    String hostname,
    Set<String> flags,
    String masterId,
    boolean connected,
    BitSet slots,
    Map<Integer, String> migrating,
    Map<Integer, String> importing) {

  public ClusterNode {
    flags = Set.copyOf(flags);
    slots = (BitSet) slots.clone();
    migrating = Map.copyOf(migrating);
    importing = Map.copyOf(importing);
  }

  public boolean myself() {
    return flags.contains("myself");
  }

  public boolean master() {
    return flags.contains("master");
  }

  public boolean replica() {
    return flags.contains("slave");
  }

  /** Marked failing, by this node alone ({@code fail?}) or by the cluster ({@code fail}). */
  public boolean failing() {
    return flags.contains("fail") || flags.contains("fail?");
  }

  /** Not yet a full member: the handshake of a CLUSTER MEET is still running, or no address. */
  public boolean joining() {
    return flags.contains("handshake") || flags.contains("noaddr");
  }

  public int slotCount() {
    return slots.cardinality();
  }

  /** Redis's slot bitmap is returned as a copy: records stay immutable. */
  @Override
  public BitSet slots() {
    return (BitSet) slots.clone();
  }

  public boolean owns(int slot) {
    return slots.get(slot);
  }

  public String shortId() {
    return id.length() > 8 ? id.substring(0, 8) : id;
  }
}
