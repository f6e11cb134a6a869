package io.mooring.core.redisops;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Sentinel set as a roll sees it at one moment.
 *
 * @param revision the StatefulSet's update revision: the template the pods are to run
 * @param nodes every Redis pod of the set, lowest ordinal first
 * @param sentinelMaster the pod the Sentinels name master, when they answer
 * @param desiredVersion the version the spec asks for, when it names one
 * @param sentinelReplicas the pods the Sentinel that would run a failover knows as healthy
 *     replicas; empty where no Sentinel watches (a cluster shard) or none answers
 */
public record RollView(
    String revision,
    List<RedisNode> nodes,
    Optional<String> sentinelMaster,
    Optional<String> desiredVersion,
    Optional<Set<String>> sentinelReplicas) {
  public RollView {
    nodes = List.copyOf(nodes);
    sentinelReplicas = sentinelReplicas.map(Set::copyOf);
  }

  /** A set no Sentinel reports replicas for. */
  public RollView(
      String revision,
      List<RedisNode> nodes,
      Optional<String> sentinelMaster,
      Optional<String> desiredVersion) {
    this(revision, nodes, sentinelMaster, desiredVersion, Optional.empty());
  }

  Optional<RedisNode> node(String pod) {
    return nodes.stream().filter(node -> node.pod().equals(pod)).findFirst();
  }
}
