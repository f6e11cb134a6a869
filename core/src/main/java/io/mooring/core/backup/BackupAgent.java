package io.mooring.core.backup;

import io.mooring.core.spec.AppRef;

/**
 * Reaches the backup sidecar of a Redis app: lists what its backup volume holds and takes a backup
 * now. Both run the sidecar's own script, so that what Mooring reports is what a restore reads.
 */
public interface BackupAgent {
  /**
   * What the app's backup volume holds.
   *
   * @throws BackupException when no pod of the app with a backup sidecar answers
   */
  BackupCatalogue list(AppRef app);

  /**
   * Takes a backup now on the app's master.
   *
   * @return the new backup's name
   * @throws BackupException when no pod is the master, or the backup failed (with the reason)
   */
  String take(AppRef app);
}
