package io.mooring.daemon;

import io.mooring.core.spec.AppRef;
import io.mooring.shard.ShardPlacement;
import java.util.Set;

/** Every app, while this replica leads (or alone, without an election). */
final class LeaderScope implements WriteScope {
  private final LeaderGate gate;

  LeaderScope(LeaderGate gate) {
    this.gate = gate;
  }

  @Override
  public boolean active() {
    return gate.isLeader();
  }

  @Override
  public boolean owns(AppRef app) {
    return gate.isLeader();
  }

  @Override
  public ShardPlacement placement(AppRef app) {
    return null;
  }

  @Override
  public void start(Listener onChange) {
    gate.start(leader -> onChange.changed(leader, Set.of()));
  }

  @Override
  public void close() {
    gate.close();
  }
}
