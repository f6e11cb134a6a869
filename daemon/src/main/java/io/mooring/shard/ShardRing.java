package io.mooring.shard;

import io.mooring.core.spec.AppRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which shard an app belongs to: consistent hashing of its key {@code namespace/kind/name} on a
 * ring where each shard has many points. Every replica computes the same answer with no state, and
 * a change of the shard count moves only the apps whose arc changed hands, not most of them as a
 * hash modulo the count would.
 */
public final class ShardRing {
  /** Points per shard: enough that shards carry about the same number of apps. */
  private static final int POINTS_PER_SHARD = 160;

  private final int shards;
  private final TreeMap<Long, Integer> ring = new TreeMap<>();

  public ShardRing(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("the number of shards must be at least 1, got " + shards);
    }
    this.shards = shards;
    for (int shard = 0; shard < shards; shard++) {
      for (int point = 0; point < POINTS_PER_SHARD; point++) {
        ring.put(hash("shard-" + shard + "#" + point), shard);
      }
    }
  }

  public int shards() {
    return shards;
  }

  public int shardOf(AppRef app) {
    if (shards == 1) {
      return 0;
    }
    Map.Entry<Long, Integer> next = ring.ceilingEntry(hash(key(app)));
    return next != null ? next.getValue() : ring.firstEntry().getValue();
  }

  /** The key hashed: the app's identity, independent of the file that declares it. */
  static String key(AppRef app) {
    return app.namespace() + "/" + app.kind().id() + "/" + app.name();
  }

  /** A hash that is the same in every JVM and version (not {@link String#hashCode()}). */
  static long hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
