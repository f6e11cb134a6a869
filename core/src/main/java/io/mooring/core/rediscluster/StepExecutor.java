package io.mooring.core.rediscluster;

import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Carries out one step against the servers. Every action is written so that repeating it, or
 * running it after it was cut off half-way, ends in the same place: a slot move re-reads which side
 * is already set before setting it, and moves whatever keys are still left.
 */
final class StepExecutor {
  private static final int KEYS_PER_MIGRATE = 100;

  private final NodeCommands commands;

  StepExecutor(NodeCommands commands) {
    this.commands = commands;
  }

  /**
   * @param slotMoved told after each slot is served by its new owner
   */
  void execute(ClusterStep step, LiveCluster live, IntConsumer slotMoved) {
    if (step instanceof ClusterStep.Meet meet) {
      meet.to().forEach(pod -> commands.meet(meet.from(), live.report(pod).ip(), pod.port()));
    } else if (step instanceof ClusterStep.AssignSlots assign) {
      assign.slots().forEach((pod, ranges) -> assign(pod, ranges, live));
    } else if (step instanceof ClusterStep.Replicate replicate) {
      commands.replicate(replicate.replica(), replicate.masterId());
    } else if (step instanceof ClusterStep.Failover failover) {
      commands.failover(failover.replica());
    } else if (step instanceof ClusterStep.Forget forget) {
      forget(forget, live);
    } else if (step instanceof ClusterStep.FinishMigration finish) {
      finish(finish, live, slotMoved);
    } else if (step instanceof ClusterStep.MoveSlots move) {
      String sourceId = live.report(move.source()).myself().id();
      String targetId = live.report(move.target()).myself().id();
      for (int slot : move.slots()) {
        commands.setSlotImporting(move.target(), slot, sourceId);
        commands.setSlotMigrating(move.source(), slot, targetId);
        moveKeys(move.source(), move.target(), live, slot);
        assignEverywhere(slot, move.target(), move.source(), targetId, live);
        slotMoved.accept(slot);
      }
    }
  }

  /** Only the slots the pod does not serve yet: a repeated assignment would be refused as busy. */
  private void assign(NodeAddress pod, List<SlotRange> ranges, LiveCluster live) {
    BitSet wanted = new BitSet(SlotRange.SLOTS);
    ranges.forEach(range -> wanted.set(range.start(), range.end() + 1));
    wanted.andNot(live.report(pod).myself().slots());
    if (!wanted.isEmpty()) {
      commands.addSlotsRange(pod, SlotRange.of(wanted));
    }
  }

  private void forget(ClusterStep.Forget forget, LiveCluster live) {
    for (NodeAddress pod : forget.by()) {
      if (live.report(pod).find(forget.nodeId()).isPresent()) {
        commands.forget(pod, forget.nodeId());
      }
    }
  }

  /**
   * A slot left open by a move that stopped: rolled back when its target is gone, else finished
   * from wherever it stopped.
   */
  private void finish(ClusterStep.FinishMigration finish, LiveCluster live, IntConsumer moved) {
    int slot = finish.slot();
    Optional<NodeAddress> source = live.podOf(finish.sourceId());
    Optional<NodeAddress> target = live.podOf(finish.targetId());
    if (finish.rollBack() || target.isEmpty()) {
      for (NodeAddress pod : live.openSlots().getOrDefault(slot, List.of())) {
        commands.setSlotStable(pod, slot);
      }
      return;
    }
    if (source.isPresent() && live.report(source.get()).myself().owns(slot)) {
      ClusterNode targetNode = live.report(target.get()).myself();
      if (!targetNode.owns(slot) && !targetNode.importing().containsKey(slot)) {
        commands.setSlotImporting(target.get(), slot, finish.sourceId());
      }
      if (!live.report(source.get()).myself().migrating().containsKey(slot)) {
        commands.setSlotMigrating(source.get(), slot, finish.targetId());
      }
      moveKeys(source.get(), target.get(), live, slot);
    }
    assignEverywhere(slot, target.get(), source.orElse(null), finish.targetId(), live);
    moved.accept(slot);
  }

  /** MIGRATE in batches until the source has no key left in the slot. */
  private void moveKeys(NodeAddress source, NodeAddress target, LiveCluster live, int slot) {
    String targetIp = live.report(target).ip();
    while (true) {
      List<String> keys = commands.getKeysInSlot(source, slot, KEYS_PER_MIGRATE);
      if (keys.isEmpty()) {
        return;
      }
      commands.migrate(source, targetIp, target.port(), keys);
    }
  }

  /**
   * SETSLOT NODE on the target first (it then serves the slot, and its epoch is bumped), then on
   * the source, then on every other master so that none redirects clients to the old owner.
   */
  private void assignEverywhere(
      int slot, NodeAddress target, NodeAddress source, String targetId, LiveCluster live) {
    commands.setSlotNode(target, slot, targetId);
    if (source != null) {
      setSlotNodeUnlessSettled(source, slot, targetId);
    }
    for (NodeReport report : live.reachable()) {
      NodeAddress pod = report.pod();
      // A master that left and was forgotten may not know the target: gossip is enough there.
      if (report.myself().master()
          && report.find(targetId).isPresent()
          && !pod.equals(target)
          && !pod.equals(source)) {
        setSlotNodeUnlessSettled(pod, slot, targetId);
      }
    }
  }

  /**
   * SETSLOT NODE where the node may already have learned the new owner from the target's gossip: a
   * master that lost its last slot that way has become the target's replica (Redis's replica
   * migration) and refuses SETSLOT. Then nothing is left to do there; any other refusal stands.
   */
  private void setSlotNodeUnlessSettled(NodeAddress pod, int slot, String targetId) {
    try {
      commands.setSlotNode(pod, slot, targetId);
    } catch (RuntimeException e) {
      ClusterNode now =
          ClusterNodesParser.parse(commands.clusterNodes(pod)).stream()
              .filter(ClusterNode::myself)
              .findFirst()
              .orElseThrow(() -> e);
      boolean open = now.migrating().containsKey(slot) || now.importing().containsKey(slot);
      if (open || now.owns(slot)) {
        throw e;
      }
    }
  }
}
