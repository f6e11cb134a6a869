package io.mooring.core.spec;

import java.util.Optional;

/**
 * How an app's data survives a restart.
 *
 * @param volume whether pods get a persistent volume; without one the data lives in an emptyDir and
 *     is lost when a pod restarts
 * @param appendOnly whether Redis writes the append-only file
 * @param rdbSave the {@code save} rules ("" for no RDB snapshots); empty means Redis's default
 * @param fsync when the append-only file is flushed to disk
 */
public record RedisPersistence(
    boolean volume, boolean appendOnly, Optional<String> rdbSave, AppendFsync fsync) {
  public static final RedisPersistence DEFAULT = new RedisPersistence(true, true, Optional.empty());

  /** Persistence with the append-only file flushed once a second. */
  public RedisPersistence(boolean volume, boolean appendOnly, Optional<String> rdbSave) {
    this(volume, appendOnly, rdbSave, AppendFsync.EVERYSEC);
  }
}
