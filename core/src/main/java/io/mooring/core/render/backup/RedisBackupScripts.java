package io.mooring.core.render.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The two scripts behind backups, kept as files beside this class so they read as shell.
 *
 * <p>{@code redis-backup.sh} runs in a sidecar of each Redis pod, sharing the pod's data volume:
 * with a {@code ReadWriteOnce} volume nothing outside the pod can read the snapshot Redis writes,
 * and a sidecar copies it without sending the data over the network again. It backs up only while
 * its Redis is the master (checked before and after the copy), so after a failover the new master's
 * sidecar takes over. {@code redis-restore.sh} runs as an init container of a new app's first pod,
 * before Redis starts, so Redis never sees a half-restored directory.
 *
 * <p>Both are configured by environment variables only: what they do can be run by hand with the
 * same files, and the backups they write are plain RDB and append-only files with a {@code
 * SHA256SUMS} that {@code sha256sum -c} checks.
 */
public final class RedisBackupScripts {
  public static final String BACKUP = "redis-backup.sh";
  public static final String RESTORE = "redis-restore.sh";

  /** Where the scripts are mounted in the backup sidecar and the restore init container. */
  public static final String SCRIPTS_PATH = "/etc/mooring-backup";

  /** The name of the backup sidecar in each Redis pod of an app with {@code backup}. */
  public static final String SIDECAR = "backup";

  /** What the backup script exits with on a replica: nothing was written there. */
  public static final int NOT_THE_MASTER = 3;

  private RedisBackupScripts() {}

  public static String backupScript() {
    return read(BACKUP);
  }

  public static String restoreScript() {
    return read(RESTORE);
  }

  /** One of the scripts beside this class, by file name. */
  public static String read(String file) {
    try (InputStream in = RedisBackupScripts.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException(file + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
