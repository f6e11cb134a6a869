package io.mooring.core.rediscluster;

import java.util.List;
import java.util.Map;

/**
 * The next thing to do to bring the live cluster to the desired layout. Every action is idempotent
 * and is decided afresh from the servers' own report after the previous one, so repeating one after
 * a crash does no harm.
 */
public sealed interface ClusterStep {
  /** For status lines and logs; names nodes and slots, never credentials. */
  String describe();

  /** Nothing left to do; the pods listed have been forgotten by the cluster and may go. */
  record Done(List<NodeAddress> podsMayGo) implements ClusterStep {
    public Done {
      podsMayGo = List.copyOf(podsMayGo);
    }

    @Override
    public String describe() {
      return podsMayGo.isEmpty() ? "settled" : "settled; pods " + podsMayGo + " may go";
    }
  }

  /** The servers are changing by themselves (handshakes, failover, gossip): look again soon. */
  record Wait(String reason) implements ClusterStep {
    @Override
    public String describe() {
      return "waiting: " + reason;
    }
  }

  /** Mooring will not touch the cluster: a person has to look at it. */
  record Blocked(String reason) implements ClusterStep {
    @Override
    public String describe() {
      return "blocked: " + reason;
    }
  }

  /** CLUSTER MEET, sent by {@code from} to each pod in {@code to}. */
  record Meet(NodeAddress from, List<NodeAddress> to) implements ClusterStep {
    public Meet {
      to = List.copyOf(to);
    }

    @Override
    public String describe() {
      return from + " meets " + to;
    }
  }

  /** CLUSTER ADDSLOTSRANGE on each pod, for slots no node serves. */
  record AssignSlots(Map<NodeAddress, List<SlotRange>> slots) implements ClusterStep {
    public AssignSlots {
      slots = Map.copyOf(slots);
    }

    @Override
    public String describe() {
      return "assign slots " + slots;
    }
  }

  /** CLUSTER REPLICATE on {@code replica}, to follow the master with {@code masterId}. */
  record Replicate(NodeAddress replica, String masterId) implements ClusterStep {
    @Override
    public String describe() {
      return replica + " follows " + masterId;
    }
  }

  /** CLUSTER FAILOVER on {@code replica}: it takes over from its master, which is leaving. */
  record Failover(NodeAddress replica) implements ClusterStep {
    @Override
    public String describe() {
      return replica + " takes over from its leaving master";
    }
  }

  /** A slot left importing or migrating: finished towards {@code targetId}, or rolled back. */
  record FinishMigration(int slot, String sourceId, String targetId, boolean rollBack)
      implements ClusterStep {
    @Override
    public String describe() {
      return (rollBack ? "roll back" : "finish") + " the move of slot " + slot;
    }
  }

  /** Moves slots one by one from {@code source} to {@code target}, keys included. */
  record MoveSlots(NodeAddress source, NodeAddress target, List<Integer> slots)
      implements ClusterStep {
    public MoveSlots {
      slots = List.copyOf(slots);
    }

    @Override
    public String describe() {
      return "move "
          + slots.size()
          + " slots ("
          + slots.get(0)
          + ".."
          + slots.get(slots.size() - 1)
          + ") from "
          + source
          + " to "
          + target;
    }
  }

  /** CLUSTER FORGET of the node with {@code nodeId}, sent to each pod in {@code by}. */
  record Forget(String nodeId, List<NodeAddress> by) implements ClusterStep {
    public Forget {
      by = List.copyOf(by);
    }

    @Override
    public String describe() {
      return "forget node " + nodeId;
    }
  }
}
