package io.mooring.core.backup;

import java.time.Instant;

/**
 * One sealed backup on an app's backup volume.
 *
 * @param name the UTC second it was taken, as its directory is named ({@code 20261130T120000Z});
 *     the name a restore's {@code backup} field takes
 * @param time when it was sealed
 * @param sizeBytes the bytes of its files
 * @param checksum the SHA-256 of its {@code SHA256SUMS}, which lists the SHA-256 of every file in
 *     it
 * @param kind {@link #SNAPSHOT} (an RDB snapshot) or {@link #APPEND_ONLY} (the append-only files
 *     archived for point-in-time restores)
 * @param durationSeconds the whole seconds the backup took
 */
public record BackupEntry(
    String name, Instant time, long sizeBytes, String checksum, String kind, long durationSeconds) {
  public static final String SNAPSHOT = "snapshot";
  public static final String APPEND_ONLY = "aof";

  public boolean snapshot() {
    return SNAPSHOT.equals(kind);
  }
}
