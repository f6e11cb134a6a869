package io.mooring.core.spec;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a new app's data comes from: a backup of another app in the same namespace, written into
 * the empty data volume before Redis first starts. An app that already holds data is never
 * overwritten.
 *
 * @param fromApp the app whose backups are read; it must be declared in the repository
 * @param backup {@link #LATEST} or the name of one backup
 * @param pointInTime replay the archived append-only file up to this second and no further
 * @param fromAppAt where {@code fromApp} is written, for the error when no such app is declared
 * @param fromAppField the field that names {@code fromApp} in the spec as written (Aiven: {@code
 *     spec.userConfig.service_to_fork_from}), for the same error
 */
public record RedisRestore(
    String fromApp,
    String backup,
    Optional<Instant> pointInTime,
    SourceLocation fromAppAt,
    String fromAppField) {
  public static final String LATEST = "latest";

  /** The field that names the source app, as the Hera kinds write it. */
  public static final String FROM_APP_FIELD = "spec.restore.fromApp";

  public RedisRestore(
      String fromApp, String backup, Optional<Instant> pointInTime, SourceLocation fromAppAt) {
    this(fromApp, backup, pointInTime, fromAppAt, FROM_APP_FIELD);
  }

  public boolean latest() {
    return LATEST.equals(backup);
  }
}
