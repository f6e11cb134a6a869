package io.mooring.core.spec;

import java.util.Optional;

/**
 * An app's backups and the backup it starts from: {@code backup} and {@code restore} of the Hera
 * kinds.
 */
public record RedisDataProtection(
    Optional<RedisBackupPolicy> backup, Optional<RedisRestore> restore) {
  public static final RedisDataProtection NONE =
      new RedisDataProtection(Optional.empty(), Optional.empty());

  /** Whether Redis must timestamp its append-only file so that it can be cut at a second. */
  public boolean timestampedAppendOnlyFile() {
    return backup.map(RedisBackupPolicy::pointInTime).orElse(false);
  }
}
