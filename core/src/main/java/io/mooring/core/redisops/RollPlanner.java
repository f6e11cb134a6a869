package io.mooring.core.redisops;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The order in which a Sentinel set's pods move to a new template without losing a write or the
 * master: replicas one at a time, each back with its link up and caught up before the next; then a
 * Sentinel failover to an updated replica; then the old master, now a replica. A step that is not
 * healthy within its bound stops the roll. Pure: it decides from what the servers report and the
 * recorded step, and does nothing itself.
 */
public final class RollPlanner {
  private RollPlanner() {}

  /**
   * The next step.
   *
   * @param progress the step in flight, as recorded on the StatefulSet
   * @param bound how long a step may take to become healthy
   */
  public static RollStep next(
      RollView view, Optional<RollProgress> progress, Instant now, Duration bound) {
    Optional<String> refusal = downgrade(view);
    if (refusal.isPresent()) {
      return new RollStep.Refused(refusal.get());
    }
    if (progress.isPresent()) {
      Optional<RollStep> waiting = inFlight(view, progress.get(), now, bound);
      if (waiting.isPresent()) {
        return waiting.get();
      }
    }
    return choose(view);
  }

  /** The step in flight while it is not finished; empty once it is. */
  private static Optional<RollStep> inFlight(
      RollView view, RollProgress progress, Instant now, Duration bound) {
    boolean sameRevision = progress.revision().equals(view.revision());
    String pod = progress.pod();
    String problem;
    if (progress.step() == RollProgress.Step.RESTART) {
      Optional<RedisNode> node = view.node(pod);
      // Until the old pod is gone it still answers as a healthy replica: only the new one counts.
      if (node.isPresent()
          && node.get().healthyReplica()
          && (node.get().updated() || !sameRevision)) {
        return Optional.empty();
      }
      problem =
          node.map(n -> n.updated() ? n.replicaProblem() : "still runs the previous template")
              .orElse("is not there");
    } else {
      Optional<RedisNode> master = view.sentinelMaster().flatMap(view::node);
      Optional<RedisNode> old = view.node(pod);
      boolean moved =
          master.isPresent()
              && !master.get().pod().equals(pod)
              && master.get().isMaster()
              && old.map(n -> n.role() == RedisNode.Role.REPLICA).orElse(false);
      if (moved) {
        return Optional.empty();
      }
      problem =
          master.isEmpty() || master.get().pod().equals(pod)
              ? "it is still master: no other pod has taken over"
              : "it has not become a replica of " + master.get().pod();
    }
    Instant deadline = progress.since().plus(bound);
    String what =
        progress.step() == RollProgress.Step.RESTART
            ? "restarted pod " + pod
            : "failover away from " + pod;
    if (now.isAfter(deadline)) {
      return Optional.of(
          new RollStep.Degraded(
              pod,
              what
                  + " is not healthy within "
                  + bound.toSeconds()
                  + " s: "
                  + problem
                  + "; the roll stopped, nothing else is restarted"));
    }
    return Optional.of(new RollStep.Await(pod, what + ": " + problem));
  }

  private static RollStep choose(RollView view) {
    List<RedisNode> nodes =
        view.nodes().stream().sorted(Comparator.comparingInt(RedisNode::ordinal)).toList();
    if (nodes.stream().allMatch(RedisNode::updated)) {
      return new RollStep.Done();
    }
    Optional<RedisNode> master = view.sentinelMaster().flatMap(view::node);
    if (master.isEmpty() || !master.get().isMaster()) {
      return new RollStep.Await("", "waiting for the Sentinels and a master that agree");
    }
    for (RedisNode node : nodes) {
      if (!node.pod().equals(master.get().pod()) && !node.healthyReplica()) {
        return new RollStep.Await(
            node.pod(),
            "pod "
                + node.pod()
                + " "
                + node.replicaProblem()
                + "; nothing is restarted until every replica is healthy");
      }
    }
    Optional<RedisNode> outdatedReplica =
        nodes.stream()
            .filter(node -> !node.pod().equals(master.get().pod()) && !node.updated())
            .findFirst();
    if (outdatedReplica.isPresent()) {
      return new RollStep.Restart(outdatedReplica.get().pod());
    }
    if (nodes.size() < 2) {
      return new RollStep.Restart(master.get().pod());
    }
    Optional<String> unknown =
        view.sentinelReplicas()
            .flatMap(
                known ->
                    nodes.stream()
                        .map(RedisNode::pod)
                        .filter(pod -> !pod.equals(master.get().pod()) && !known.contains(pod))
                        .findFirst());
    if (unknown.isPresent()) {
      // A failover now would leave that replica following the old master: the Sentinels move
      // only the replicas they know. They learn it from the master's INFO within seconds.
      return new RollStep.Await(
          unknown.get(),
          "the Sentinels do not know pod "
              + unknown.get()
              + " as a healthy replica yet; no failover until they do");
    }
    return new RollStep.Failover(master.get().pod());
  }

  private static Optional<String> downgrade(RollView view) {
    if (view.desiredVersion().isEmpty()) {
      return Optional.empty();
    }
    String desired = view.desiredVersion().get();
    return view.nodes().stream()
        .filter(node -> !node.updated())
        .flatMap(node -> node.version().stream())
        .map(live -> RedisVersion.downgradeRefusal(desired, live))
        .flatMap(Optional::stream)
        .findFirst();
  }
}
