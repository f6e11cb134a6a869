package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The data-protection fields of the Hera kinds: {@code persistence.aof}, {@code persistence.rdb},
 * {@code backup} and {@code restore}. Whether {@code restore.fromApp} names a declared app is a
 * question about the whole repository, answered by {@link RestoreSources}.
 */
final class RedisBackupFields {
  static final List<String> PERSISTENCE_FIELDS = List.of("aof", "rdb");
  static final List<String> SPEC_FIELDS = List.of("backup", "restore");

  /** Names of backups: the UTC second they were taken, e.g. {@code 20261130T120000Z}. */
  static final Pattern BACKUP_NAME = Pattern.compile("\\d{8}T\\d{6}Z");

  private static final List<String> AOF_FIELDS = List.of("enabled", "fsync");
  private static final List<String> RDB_FIELDS = List.of("save");
  private static final List<String> BACKUP_FIELDS =
      List.of("schedule", "retain", "pointInTime", "storage");
  private static final List<String> STORAGE_FIELDS = List.of("size", "storageClassName");
  private static final List<String> RESTORE_FIELDS = List.of("fromApp", "backup", "pointInTime");
  private static final Pattern SAVE_RULES = Pattern.compile("\\d+ \\d+( \\d+ \\d+)*");

  private RedisBackupFields() {}

  /** What {@code persistence.aof} and {@code persistence.rdb} say; absent fields keep defaults. */
  record Files(boolean appendOnly, AppendFsync fsync, Optional<String> rdbSave) {
    static final Files DEFAULT = new Files(true, AppendFsync.EVERYSEC, Optional.empty());
  }

  static Files files(FieldReader persistence) {
    boolean appendOnly = true;
    AppendFsync fsync = AppendFsync.EVERYSEC;
    Optional<FieldReader> aof = persistence.child("aof");
    if (aof.isPresent()) {
      aof.get().rejectUnknownFields(AOF_FIELDS);
      appendOnly = aof.get().bool("enabled", true);
      Optional<String> written = aof.get().string("fsync");
      if (written.isPresent()) {
        Optional<AppendFsync> parsed = AppendFsync.fromConfigValue(written.get());
        if (parsed.isEmpty()) {
          aof.get().reportInvalid("fsync", "must be always, everysec or no");
        }
        fsync = parsed.orElse(AppendFsync.EVERYSEC);
      }
    }
    Optional<String> rdbSave = Optional.empty();
    Optional<FieldReader> rdb = persistence.child("rdb");
    if (rdb.isPresent()) {
      rdb.get().rejectUnknownFields(RDB_FIELDS);
      rdbSave = rdb.get().string("save").map(rules -> rules.trim().replaceAll("\\s+", " "));
      if (rdbSave.isPresent()
          && !rdbSave.get().isEmpty()
          && !SAVE_RULES.matcher(rdbSave.get()).matches()) {
        rdb.get()
            .reportInvalid(
                "save",
                "must be pairs of seconds and changes, such as \"900 1 300 10\", or \"\" for no"
                    + " snapshots");
        rdbSave = Optional.empty();
      }
    }
    return new Files(appendOnly, fsync, rdbSave);
  }

  static RedisDataProtection read(FieldReader spec, boolean appendOnly) {
    Optional<RedisBackupPolicy> backup = spec.child("backup").map(RedisBackupFields::backup);
    if (backup.isPresent() && backup.get().pointInTime() && !appendOnly) {
      spec.child("backup")
          .ifPresent(
              section ->
                  section.reportInvalid(
                      "pointInTime",
                      "needs the append-only file: set persistence.aof.enabled (and persistence"
                          + " itself) to true, or pointInTime to false"));
    }
    Optional<RedisRestore> restore = spec.child("restore").map(RedisBackupFields::restore);
    return new RedisDataProtection(backup, restore);
  }

  private static RedisBackupPolicy backup(FieldReader backup) {
    backup.rejectUnknownFields(BACKUP_FIELDS);
    CronSchedule schedule = null;
    Optional<String> written = backup.string("schedule");
    if (written.isEmpty() && backup.value("schedule").isEmpty()) {
      backup.reportInvalid("schedule", "is required: a cron expression such as \"0 */6 * * *\"");
    }
    if (written.isPresent()) {
      CronSchedule.Parsed parsed = CronSchedule.parse(written.get());
      if (parsed.schedule().isEmpty()) {
        backup.reportInvalid("schedule", parsed.problem());
      }
      schedule = parsed.schedule().orElse(null);
    }
    int retain = backup.integer("retain", 1, RedisBackupPolicy.DEFAULT_RETAIN);
    boolean pointInTime = backup.bool("pointInTime", false);
    Quantity size = RedisBackupPolicy.DEFAULT_STORAGE_SIZE;
    String storageClass = "";
    Optional<FieldReader> storage = backup.child("storage");
    if (storage.isPresent()) {
      storage.get().rejectUnknownFields(STORAGE_FIELDS);
      Quantity writtenSize = storage.get().positiveQuantity("size");
      size = writtenSize != null ? writtenSize : size;
      storageClass = storage.get().string("storageClassName").orElse("");
      if (!storageClass.isEmpty()) {
        KubernetesNames.checkSubdomain(storageClass)
            .ifPresent(problem -> storage.get().reportInvalid("storageClassName", problem));
      }
    }
    return new RedisBackupPolicy(schedule, retain, pointInTime, size, storageClass);
  }

  private static RedisRestore restore(FieldReader restore) {
    restore.rejectUnknownFields(RESTORE_FIELDS);
    String fromApp = restore.string("fromApp").orElse("");
    if (fromApp.isEmpty()) {
      restore.reportInvalid(
          "fromApp", "is required: the app in this namespace whose backup is read");
    } else {
      KubernetesNames.checkSubdomain(fromApp)
          .ifPresent(problem -> restore.reportInvalid("fromApp", problem));
    }
    String backup = restore.string("backup").orElse(RedisRestore.LATEST);
    if (!backup.equals(RedisRestore.LATEST) && !BACKUP_NAME.matcher(backup).matches()) {
      restore.reportInvalid(
          "backup",
          "must be latest or a backup's name, the UTC second it was taken (e.g."
              + " 20261130T120000Z)");
    }
    Optional<Instant> pointInTime = Optional.empty();
    Optional<String> moment = restore.string("pointInTime");
    if (moment.isPresent()) {
      try {
        pointInTime =
            Optional.of(
                OffsetDateTime.parse(moment.get(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant());
      } catch (DateTimeParseException e) {
        restore.reportInvalid(
            "pointInTime",
            "must be an RFC 3339 time with a zone offset, such as \"2026-11-30T12:00:00Z\"");
      }
    }
    SourceLocation at =
        restore.value("fromApp").map(YamlNode::location).orElse(restore.mapping().location());
    return new RedisRestore(fromApp, backup, pointInTime, at);
  }
}
