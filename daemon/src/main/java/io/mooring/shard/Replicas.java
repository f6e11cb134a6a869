package io.mooring.shard;

import java.util.Set;

/**
 * The replicas taking part in sharding. A replica that holds no shard yet has no Lease to show it
 * is there; it announces itself here, so that the others release shards for it.
 */
public interface Replicas {
  /** Tells the others this replica is alive; called every round. */
  void beat();

  /** The replicas whose last beat is recent (this one may or may not be among them). */
  Set<String> alive();

  /** Leaves at once (graceful shutdown), instead of being missed after its beats stop. */
  void leave();
}
