package io.mooring.core.backup;

import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.RedisBackupPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backups of each app with {@code backup}, as last read from its sidecar. A list that fails
 * keeps the last catalogue and is logged once until it succeeds again, so that an unreachable pod
 * neither empties the status nor fills the log.
 */
public final class BackupCatalogues {
  private static final Logger LOG = LoggerFactory.getLogger(BackupCatalogues.class);

  private final BackupAgent agent;
  private final BackupListener listener;
  private final Map<AppRef, BackupCatalogue> catalogues = new ConcurrentHashMap<>();
  private final Map<AppRef, String> failing = new ConcurrentHashMap<>();
  private final Map<String, Duration> intervals = new ConcurrentHashMap<>();

  public BackupCatalogues(BackupAgent agent, BackupListener listener) {
    this.agent = agent;
    this.listener = listener;
  }

  /** The app's backups as last read; empty before the first read succeeded. */
  public Optional<BackupCatalogue> latest(AppRef app) {
    return Optional.ofNullable(catalogues.get(app));
  }

  /** Reads the app's backups again; returns what is known afterwards. */
  public Optional<BackupCatalogue> refresh(AppRef app, RedisBackupPolicy policy) {
    try {
      BackupCatalogue catalogue = agent.list(app);
      catalogues.put(app, catalogue);
      if (failing.remove(app) != null) {
        LOG.info("the backups of {} can be listed again", app);
      }
      listener.observed(
          app,
          catalogue,
          intervals.computeIfAbsent(
              policy.schedule().expression(), e -> BackupInterval.longest(policy.schedule())));
    } catch (BackupException e) {
      if (failing.put(app, e.getMessage()) == null) {
        LOG.warn("{}; the status keeps the last list until it succeeds", e.getMessage());
      }
    }
    return latest(app);
  }

  /**
   * Takes a backup of the app now and reads its backups again.
   *
   * @throws BackupException when the backup failed, counted as a failure
   */
  public String take(AppRef app, RedisBackupPolicy policy) {
    String name;
    try {
      name = agent.take(app);
    } catch (BackupException e) {
      listener.takeFailed(app);
      throw e;
    }
    refresh(app, policy);
    return name;
  }

  /** Drops the apps that are not in {@code withBackup}: their backups stay, unwatched. */
  public void retainOnly(Set<AppRef> withBackup) {
    for (AppRef app : Set.copyOf(catalogues.keySet())) {
      if (!withBackup.contains(app)) {
        catalogues.remove(app);
        failing.remove(app);
        listener.forgotten(app);
      }
    }
  }
}
