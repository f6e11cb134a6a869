package io.mooring.core.backup;

import io.mooring.core.spec.AppRef;
import java.time.Duration;

/** Told what Mooring learns of an app's backups (the metrics listen). */
public interface BackupListener {
  BackupListener NONE =
      new BackupListener() {
        @Override
        public void observed(AppRef app, BackupCatalogue catalogue, Duration interval) {}

        @Override
        public void takeFailed(AppRef app) {}

        @Override
        public void forgotten(AppRef app) {}
      };

  /**
   * The app's backups were read.
   *
   * @param interval the longest time the app's schedule leaves between two backups
   */
  void observed(AppRef app, BackupCatalogue catalogue, Duration interval);

  /** A backup Mooring asked for failed. */
  void takeFailed(AppRef app);

  /** The app has no {@code backup} any more, or is gone. */
  void forgotten(AppRef app);
}
