package io.mooring.core.render.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.core.render.redis.LoopbackProcesses;
import io.mooring.core.render.redis.RedisCli;
import io.mooring.core.testing.RealBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup sidecar's and the restore init container's scripts, run against real redis-servers on
 * loopback: the source writes, the scripts copy its files, and a new server starts from them.
 */
class RedisBackupRestoreIT {
  private static final String SOURCE = "127.0.0.61";
  private static final String TARGET = "127.0.0.62";
  private static final String REPLICA = "127.0.0.63";

  @TempDir Path root;
  private final LoopbackProcesses processes = new LoopbackProcesses();
  private int port;

  @BeforeEach
  void binaries() {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-cli", "redis-tools");
    RealBinaries.require("redis-check-aof", "redis-tools");
    port = LoopbackProcesses.freePort(List.of(SOURCE, TARGET, REPLICA));
  }

  @AfterEach
  void stop() {
    processes.close();
  }

  /** A server as the renderer configures an app with point-in-time backups. */
  private Path startRedis(String address, String name, String... extra) throws IOException {
    Path data = Files.createDirectories(root.resolve(name));
    List<String> command =
        new ArrayList<>(
            List.of(
                "redis-server",
                "--bind",
                address,
                "--port",
                Integer.toString(port),
                "--dir",
                data.toString(),
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
                "--aof-timestamp-enabled",
                "yes",
                "--save",
                "",
                "--enable-debug-command",
                "yes"));
    command.addAll(List.of(extra));
    processes.start(command, Map.of(), root.resolve(name + ".log"));
    await().atMost(Duration.ofSeconds(20)).until(() -> redis(address, "PING").equals("PONG"));
    return data;
  }

  private String redis(String address, String... args) {
    return RedisCli.call(null, address, port, args);
  }

  private BackupScriptRun backup(String address, Path data, Path backups, int retain, String mode) {
    return BackupScriptRun.run(
        root,
        "backup.sh",
        RedisBackupScripts.backupScript(),
        Map.of(
            "REDIS_HOST", address,
            "REDIS_PORT", Integer.toString(port),
            "DATA_DIR", data.toString(),
            "BACKUP_DIR", backups.toString(),
            "RETAIN", Integer.toString(retain),
            "POINT_IN_TIME", "1"),
        mode);
  }

  private BackupScriptRun restore(Path backups, Path data, String backup, String pointInTime) {
    return BackupScriptRun.run(
        root,
        "restore.sh",
        RedisBackupScripts.restoreScript(),
        Map.of(
            "BACKUP_DIR",
            backups.toString(),
            "DATA_DIR",
            data.toString(),
            "BACKUP",
            backup,
            "POINT_IN_TIME",
            pointInTime));
  }

  /** Waits until the clock is in a later second than {@code second}: AOF timestamps are seconds. */
  private static void awaitSecondAfter(long second) {
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().getEpochSecond() > second);
  }

  private void writePhase(String address, String phase, int keys) {
    for (int i = 0; i < keys; i++) {
      assertThat(redis(address, "SET", phase + ":" + i, "v" + i, "EX", "3600")).isEqualTo("OK");
    }
  }

  @Test
  void aRestoreToAMomentBetweenTwoPhasesHasTheEarlierKeysWithTheirTtlsAndNoLaterOne()
      throws IOException {
    Path data = startRedis(SOURCE, "source");
    Path backups = root.resolve("backups");
    writePhase(SOURCE, "t1", 20);
    BackupScriptRun taken = backup(SOURCE, data, backups, 7, "backup");
    assertThat(taken.exitCode()).as(taken.output()).isZero();

    awaitSecondAfter(Instant.now().getEpochSecond());
    writePhase(SOURCE, "t2", 20);
    long moment = Instant.now().getEpochSecond();
    awaitSecondAfter(moment);
    writePhase(SOURCE, "t3", 20);
    BackupScriptRun archived = backup(SOURCE, data, backups, 7, "archive");
    assertThat(archived.exitCode()).as(archived.output()).isZero();

    Path target = Files.createDirectories(root.resolve("target"));
    BackupScriptRun restored =
        restore(backups, target, "latest", Instant.ofEpochSecond(moment).toString());
    assertThat(restored.exitCode()).as(restored.output()).isZero();
    startRedis(TARGET, "target");

    for (String phase : List.of("t1", "t2")) {
      for (int i = 0; i < 20; i++) {
        assertThat(redis(TARGET, "GET", phase + ":" + i)).isEqualTo("v" + i);
        assertThat(Long.parseLong(redis(TARGET, "TTL", phase + ":" + i))).isBetween(1L, 3600L);
      }
    }
    assertThat(redis(TARGET, "KEYS", "t3:*")).isEmpty();
    assertThat(redis(TARGET, "DBSIZE")).isEqualTo("40");
  }

  @Test
  void restoringLatestGivesTheKeysAndDigestOfTheSourceAtBackupTime() throws IOException {
    Path data = startRedis(SOURCE, "source");
    Path backups = root.resolve("backups");
    assertThat(redis(SOURCE, "DEBUG", "POPULATE", "100000", "key", "64")).isEqualTo("OK");
    writePhase(SOURCE, "ttl", 10);
    String count = redis(SOURCE, "DBSIZE");
    String digest = redis(SOURCE, "DEBUG", "DIGEST");

    long started = System.nanoTime();
    BackupScriptRun taken = backup(SOURCE, data, backups, 7, "backup");
    long backupMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(taken.exitCode()).as(taken.output()).isZero();
    assertThat(redis(SOURCE, "SET", "after-backup", "x")).isEqualTo("OK");

    Path target = Files.createDirectories(root.resolve("target"));
    started = System.nanoTime();
    BackupScriptRun restored = restore(backups, target, "latest", "");
    assertThat(restored.exitCode()).as(restored.output()).isZero();
    startRedis(TARGET, "target");
    long restoreMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(redis(TARGET, "DBSIZE")).isEqualTo(count).isEqualTo("100010");
    assertThat(redis(TARGET, "DEBUG", "DIGEST")).isEqualTo(digest);
    assertThat(redis(TARGET, "EXISTS", "after-backup")).isEqualTo("0");
    System.out.printf(
        "100,000 keys: backup %d ms, restore until the new server answers %d ms%n",
        backupMillis, restoreMillis);
  }

  @Test
  void aCorruptedBackupIsRefusedAndLeavesTheNewDataDirectoryEmpty() throws IOException {
    Path data = startRedis(SOURCE, "source");
    Path backups = root.resolve("backups");
    writePhase(SOURCE, "k", 10);
    BackupScriptRun taken = backup(SOURCE, data, backups, 7, "backup");
    assertThat(taken.exitCode()).as(taken.output()).isZero();
    Path dump = backups.resolve(taken.lastLine()).resolve("dump.rdb");
    byte[] bytes = Files.readAllBytes(dump);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(dump, bytes);

    Path target = Files.createDirectories(root.resolve("target"));
    BackupScriptRun refused = restore(backups, target, taken.lastLine(), "");

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.output())
        .contains("backup " + taken.lastLine() + " is corrupted, refusing to restore it")
        .contains("dump.rdb");
    try (Stream<Path> left = Files.list(target)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aRestoreNeverWritesIntoADirectoryThatHoldsData() throws IOException {
    Path data = startRedis(SOURCE, "source");
    Path backups = root.resolve("backups");
    BackupScriptRun taken = backup(SOURCE, data, backups, 7, "backup");
    assertThat(taken.exitCode()).as(taken.output()).isZero();

    BackupScriptRun refused = restore(backups, data, "latest", "");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.output()).contains("a restore never overwrites an app's data");
  }

  @Test
  void afterAFailoverTheNewMasterBacksUpAndTheOldOneNoLonger() throws IOException {
    Path oldData = startRedis(SOURCE, "source");
    Path newData = startRedis(REPLICA, "replica", "--replicaof", SOURCE, Integer.toString(port));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                RedisCli.infoField(redis(REPLICA, "INFO", "replication"), "master_link_status")
                    .equals("up"));
    assertThat(redis(REPLICA, "REPLICAOF", "NO", "ONE")).isEqualTo("OK");
    assertThat(redis(SOURCE, "REPLICAOF", REPLICA, Integer.toString(port))).isEqualTo("OK");
    assertThat(redis(REPLICA, "SET", "after-failover", "x")).isEqualTo("OK");
    Path backups = root.resolve("backups");

    BackupScriptRun onOldMaster = backup(SOURCE, oldData, backups, 7, "backup");
    BackupScriptRun onNewMaster = backup(REPLICA, newData, backups, 7, "backup");

    assertThat(onOldMaster.exitCode()).isEqualTo(3);
    assertThat(onNewMaster.exitCode()).as(onNewMaster.output()).isZero();
    Path target = Files.createDirectories(root.resolve("target"));
    BackupScriptRun restored = restore(backups, target, "latest", "");
    assertThat(restored.exitCode()).as(restored.output()).isZero();
    startRedis(TARGET, "target");
    assertThat(redis(TARGET, "GET", "after-failover")).isEqualTo("x");
  }

  @Test
  void aReplicaTakesNoBackupAndRetainKeepsTheNewest() throws IOException {
    Path data = startRedis(SOURCE, "source");
    Path replicaData =
        startRedis(REPLICA, "replica", "--replicaof", SOURCE, Integer.toString(port));
    Path backups = root.resolve("backups");

    BackupScriptRun onReplica = backup(REPLICA, replicaData, backups, 7, "backup");
    assertThat(onReplica.exitCode()).isEqualTo(3);
    assertThat(onReplica.output()).contains("not the master: no backup taken here");

    List<String> names = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      BackupScriptRun taken = backup(SOURCE, data, backups, 2, "backup");
      assertThat(taken.exitCode()).as(taken.output()).isZero();
      names.add(taken.lastLine());
    }
    try (Stream<Path> kept = Files.list(backups)) {
      assertThat(kept.map(p -> p.getFileName().toString()).filter(n -> !n.equals("aof")))
          .containsExactlyInAnyOrderElementsOf(names.subList(1, 3));
    }
  }
}
