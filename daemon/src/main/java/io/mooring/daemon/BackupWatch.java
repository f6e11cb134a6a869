package io.mooring.daemon;

import io.mooring.core.backup.BackupCatalogue;
import io.mooring.core.backup.BackupCatalogues;
import io.mooring.core.source.SpecSet;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.RedisBackupPolicy;
import io.mooring.core.spec.RedisSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the backups of every Redis app with {@code backup} in git from its sidecar, once a minute
 * (the sidecar's schedule has minutes) on the replica that writes the app, on a thread of its own:
 * a slow exec never holds back a sync. An app whose {@code backup} was removed is no longer read;
 * its backups stay on its volume.
 */
final class BackupWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackupWatch.class);

  private final BackupCatalogues catalogues;
  private final Supplier<SpecSet> specs;
  private final Predicate<AppRef> owns;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread t = new Thread(runnable, "mooring-backups");
            t.setDaemon(true);
            return t;
          });

  BackupWatch(BackupCatalogues catalogues, Supplier<SpecSet> specs, Predicate<AppRef> owns) {
    this.catalogues = catalogues;
    this.specs = specs;
    this.owns = owns;
  }

  // The future is not kept: close() cancels it with the executor, and the task catches its own
  // failures.
  @SuppressWarnings("FutureReturnValueIgnored")
  void start(Duration every) {
    thread.scheduleWithFixedDelay(
        () -> {
          try {
            refreshAll();
          } catch (RuntimeException e) {
            LOG.warn("reading the backups failed; trying again in {}: {}", every, e.toString());
          }
        },
        every.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Reads the backups of every app this replica writes once; a follower reads none. */
  void refreshAll() {
    Map<AppRef, RedisBackupPolicy> apps = withBackup(specs.get());
    apps.keySet().removeIf(owns.negate());
    catalogues.retainOnly(apps.keySet());
    apps.forEach(catalogues::refresh);
  }

  Optional<BackupCatalogue> latest(AppRef app) {
    return catalogues.latest(app);
  }

  /** The valid Redis apps in git that have {@code backup}, with it. */
  static Map<AppRef, RedisBackupPolicy> withBackup(SpecSet specs) {
    Map<AppRef, RedisBackupPolicy> apps = new TreeMap<>();
    for (AppSpec spec : specs.validSpecs()) {
      if (spec instanceof RedisSpec redis) {
        redis.protection().backup().ifPresent(policy -> apps.put(redis.ref(), policy));
      }
    }
    return apps;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
