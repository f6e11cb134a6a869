package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;

/**
 * Scheduled backups of an app.
 *
 * @param schedule when a backup is taken, a five-field cron expression read in UTC
 * @param retain how many of the newest backups are kept; older ones are deleted after each backup
 * @param pointInTime whether the append-only file is archived too, so that a restore can stop at
 *     any second between backups; Redis then writes a timestamp into the file every second
 * @param storageSize the size of the app's backup volume
 * @param storageClass the backup volume's storage class; "" for the cluster's default
 */
public record RedisBackupPolicy(
    CronSchedule schedule,
    int retain,
    boolean pointInTime,
    Quantity storageSize,
    String storageClass) {
  public static final int DEFAULT_RETAIN = 7;
  public static final Quantity DEFAULT_STORAGE_SIZE = new Quantity("10Gi");
}
