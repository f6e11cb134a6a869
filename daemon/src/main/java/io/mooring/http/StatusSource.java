package io.mooring.http;

import io.mooring.core.backup.BackupCatalogue;
import io.mooring.shard.ShardPlacement;
import io.mooring.status.AppStatusView;
import io.mooring.status.FileProblemsView;
import java.util.List;
import java.util.Optional;

/**
 * What the management endpoints read; the daemon implements it from its latest reconcile results.
 */
public interface StatusSource {
  List<AppStatusView> apps();

  default Optional<AppStatusView> app(String kind, String namespace, String name) {
    return apps().stream()
        .filter(
            a -> a.kind().equals(kind) && a.namespace().equals(namespace) && a.name().equals(name))
        .findFirst();
  }

  /**
   * The app's backups as Mooring last read them from its backup sidecar; empty for an app without
   * {@code backup} or before the first read.
   */
  default Optional<BackupCatalogue> backups(String kind, String namespace, String name) {
    return Optional.empty();
  }

  /** The spec files that cannot be used, by path. */
  List<FileProblemsView> files();

  StatusPage.DaemonSummary summary();

  /** The app's shard and the replica that owns it; null without sharding. */
  default ShardPlacement placement(String kind, String namespace, String name) {
    return null;
  }

  /** First snapshot synced and the Kubernetes API reachable. */
  boolean ready();
}
