package io.mooring.daemon;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mooring.core.spec.AppRef;
import io.mooring.shard.ShardLeases;
import io.mooring.shard.ShardPlacement;
import io.mooring.shard.ShardRing;

/** The apps of the shards whose Leases this replica holds. */
final class ShardScope implements WriteScope {
  private final ShardRing ring;
  private final ShardLeases leases;

  ShardScope(ShardRing ring, ShardLeases leases, MeterRegistry registry) {
    this.ring = ring;
    this.leases = leases;
    for (int shard = 0; shard < ring.shards(); shard++) {
      int each = shard;
      // The owner of a shard is the replica (scrape target) where this is 1.
      Gauge.builder("mooring.shard.owned", () -> leases.owns(each) ? 1 : 0)
          .description("1 on the replica that holds the shard's Lease and reconciles its apps")
          .tag("shard", Integer.toString(shard))
          .register(registry);
    }
  }

  @Override
  public boolean active() {
    return leases.ownsAny();
  }

  @Override
  public boolean owns(AppRef app) {
    return leases.owns(ring.shardOf(app));
  }

  @Override
  public ShardPlacement placement(AppRef app) {
    int shard = ring.shardOf(app);
    return new ShardPlacement(shard, leases.holder(shard));
  }

  int shardOf(AppRef app) {
    return ring.shardOf(app);
  }

  @Override
  public void start(Listener onChange) {
    leases.start((gained, lost) -> onChange.changed(!gained.isEmpty(), lost));
  }

  @Override
  public void close() {
    leases.close();
  }
}
