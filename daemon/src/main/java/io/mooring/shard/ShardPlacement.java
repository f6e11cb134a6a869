package io.mooring.shard;

/**
 * Where an app is reconciled: its shard and the replica holding that shard's Lease, as this replica
 * last saw it.
 *
 * @param owner the holder's identity; null while the shard is free (its owner died or released it
 *     and nobody took it yet)
 */
public record ShardPlacement(int shard, String owner) {}
