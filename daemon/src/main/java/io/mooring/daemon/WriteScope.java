package io.mooring.daemon;

import io.mooring.core.spec.AppRef;
import io.mooring.shard.ShardPlacement;
import java.util.Set;

/**
 * Which apps this replica writes to, heals and answers for: all of them while it leads (one Lease),
 * or those of the shards it holds ({@code --shards N}, one Lease per shard).
 */
interface WriteScope extends AutoCloseable {
  /** Told when the scope grows (a resync is due) or shrinks (the apps that left are forgotten). */
  interface Listener {
    void changed(boolean grew, Set<Integer> shardsLost);
  }

  /** True while this replica may write anything at all. */
  boolean active();

  boolean owns(AppRef app);

  /** The app's shard and owner; null without sharding. */
  ShardPlacement placement(AppRef app);

  /** Joins the election or the shards; {@code onChange} may be called at once, from any thread. */
  void start(Listener onChange);

  @Override
  void close();
}
