package io.mooring.core.redisops;

import java.util.List;
import java.util.Optional;

/**
 * A Sentinel set as a roll sees it at one moment.
 *
 * @param revision the StatefulSet's update revision: the template the pods are to run
 * @param nodes every Redis pod of the set, lowest ordinal first
 * @param sentinelMaster the pod the Sentinels name master, when they answer
 * @param desiredVersion the version the spec asks for, when it names one
 */
public record RollView(
    String revision,
    List<RedisNode> nodes,
    Optional<String> sentinelMaster,
    Optional<String> desiredVersion) {
  public RollView {
    nodes = List.copyOf(nodes);
  }

  Optional<RedisNode> node(String pod) {
    return nodes.stream().filter(node -> node.pod().equals(pod)).findFirst();
  }
}
