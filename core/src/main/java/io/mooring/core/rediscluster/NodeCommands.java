package io.mooring.core.rediscluster;

import java.util.List;

/**
 * The commands Mooring sends to single nodes of a Redis Cluster, each to the pod named. A failure
 * is thrown as a {@link RuntimeException} whose message is the server's error (never a password).
 */
public interface NodeCommands extends AutoCloseable {
  String clusterNodes(NodeAddress node);

  String clusterInfo(NodeAddress node);

  long dbSize(NodeAddress node);

  /** The pod's current IP: CLUSTER MEET takes an IP, not a host name. */
  String resolve(NodeAddress node);

  void meet(NodeAddress node, String ip, int port);

  void addSlotsRange(NodeAddress node, List<SlotRange> ranges);

  void replicate(NodeAddress node, String masterId);

  /** CLUSTER FAILOVER (the coordinated one: the replica waits until it has all writes). */
  void failover(NodeAddress node);

  void setSlotImporting(NodeAddress node, int slot, String sourceId);

  void setSlotMigrating(NodeAddress node, int slot, String targetId);

  void setSlotNode(NodeAddress node, int slot, String ownerId);

  void setSlotStable(NodeAddress node, int slot);

  long countKeysInSlot(NodeAddress node, int slot);

  List<String> getKeysInSlot(NodeAddress node, int slot, int count);

  /** MIGRATE of {@code keys} from {@code node} to the target, which is asked with AUTH if set. */
  void migrate(NodeAddress node, String targetIp, int targetPort, List<String> keys);

  void forget(NodeAddress node, String nodeId);

  /** The replication offsets: the replica is caught up with its master when they match. */
  String info(NodeAddress node, String section);

  @Override
  void close();
}
