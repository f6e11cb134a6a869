package io.mooring.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mooring.core.metrics.BackupMetrics;
import io.mooring.core.render.redis.LoopbackProcesses;
import io.mooring.core.render.redis.RedisCli;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.CronSchedule;
import io.mooring.core.spec.RedisBackupPolicy;
import io.mooring.core.testing.RealBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mooring's view of an app's backups, read by running the sidecar's own script against real
 * redis-servers on loopback: what the catalogue says must be what the backup volume holds.
 */
class BackupCatalogueIT {
  private static final String MASTER = "127.0.0.64";
  private static final String REPLICA = "127.0.0.65";
  private static final AppRef APP = new AppRef(AppKind.REDIS, "shop", "orders");
  private static final RedisBackupPolicy POLICY =
      new RedisBackupPolicy(
          CronSchedule.parse("0 */6 * * *").schedule().orElseThrow(),
          2,
          true,
          RedisBackupPolicy.DEFAULT_STORAGE_SIZE,
          "");

  @TempDir Path root;
  private final LoopbackProcesses processes = new LoopbackProcesses();
  private int port;

  @BeforeEach
  void binaries() {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-cli", "redis-tools");
    port = LoopbackProcesses.freePort(List.of(MASTER, REPLICA));
  }

  @AfterEach
  void stop() {
    processes.close();
  }

  private LocalScriptBackupAgent.Pod startRedis(String address, boolean appendOnly, String... extra)
      throws IOException {
    Path data = Files.createDirectories(root.resolve(address));
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
                appendOnly ? "yes" : "no",
                "--aof-timestamp-enabled",
                "yes",
                "--save",
                ""));
    command.addAll(List.of(extra));
    processes.start(command, Map.of(), root.resolve(address + ".log"));
    await().atMost(Duration.ofSeconds(20)).until(() -> redis(address, "PING").equals("PONG"));
    return new LocalScriptBackupAgent.Pod(address, port, data);
  }

  private String redis(String address, String... args) {
    return RedisCli.call(null, address, port, args);
  }

  private LocalScriptBackupAgent agent(LocalScriptBackupAgent.Pod... pods) {
    return new LocalScriptBackupAgent(
        root.resolve("scripts"), root.resolve("backups"), List.of(pods));
  }

  @Test
  void eachBackupIsListedWithTheSizeAndChecksumOfItsFilesAndRetainPrunesTheOldest()
      throws Exception {
    LocalScriptBackupAgent agent = agent(startRedis(MASTER, true));
    List<String> taken = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      assertThat(redis(MASTER, "SET", "k" + i, "v")).isEqualTo("OK");
      taken.add(agent.take(APP));
    }

    BackupCatalogue catalogue = agent.list(APP);

    assertThat(catalogue.snapshots())
        .extracting(BackupEntry::name)
        .containsExactly(taken.get(1), taken.get(2));
    assertThat(catalogue.latestSnapshot().orElseThrow().name()).isEqualTo(taken.get(2));
    for (BackupEntry entry : catalogue.snapshots()) {
      Path dir = root.resolve("backups").resolve(entry.name());
      assertThat(entry.checksum()).isEqualTo(sha256(dir.resolve("SHA256SUMS")));
      assertThat(entry.sizeBytes()).isEqualTo(sizeWithoutTheRecord(dir));
    }
    assertThat(catalogue.entries())
        .filteredOn(e -> e.kind().equals(BackupEntry.APPEND_ONLY))
        .isNotEmpty();
    assertThat(catalogue.failures()).isZero();
  }

  @Test
  void afterAPasswordRotationTheBackupLogsInWithTheMountedPasswordNotTheOneItStartedWith()
      throws IOException {
    LocalScriptBackupAgent.Pod started = startRedis(MASTER, true);
    assertThat(redis(MASTER, "CONFIG", "SET", "requirepass", "rotated-password")).isEqualTo("OK");
    Path mounted = Files.writeString(root.resolve("redis-password"), "rotated-password");
    // The environment still holds the password the sidecar started with, which the rotation's
    // overlap has ended: the server no longer takes it.
    Map<String, String> stale = Map.of("REDISCLI_AUTH", "password-before-rotation");

    assertThatThrownBy(
            () ->
                agent(new LocalScriptBackupAgent.Pod(MASTER, port, started.data(), stale))
                    .take(APP))
        .isInstanceOf(BackupException.class);
    Map<String, String> withMount = new java.util.HashMap<>(stale);
    withMount.put("REDIS_PASSWORD_FILE", mounted.toString());
    LocalScriptBackupAgent agent =
        agent(new LocalScriptBackupAgent.Pod(MASTER, port, started.data(), withMount));

    String name = agent.take(APP);

    assertThat(agent.list(APP).latestSnapshot().orElseThrow().name()).isEqualTo(name);
  }

  @Test
  void aReplicaNeverBacksUpSoTheMasterDoes() throws IOException {
    LocalScriptBackupAgent.Pod master = startRedis(MASTER, true);
    LocalScriptBackupAgent.Pod replica =
        startRedis(REPLICA, true, "--replicaof", MASTER, Integer.toString(port));
    assertThat(redis(MASTER, "SET", "k", "v")).isEqualTo("OK");

    String name = agent(replica, master).take(APP);

    assertThat(agent(replica).list(APP).latestSnapshot().orElseThrow().name()).isEqualTo(name);
    assertThatThrownBy(() -> agent(replica).take(APP))
        .isInstanceOf(BackupException.class)
        .hasMessageContaining("no pod is the master");
  }

  @Test
  void aFailedBackupIsCountedAndTheLastGoodOneStaysTheNewest() throws IOException {
    // Point-in-time archives need the append-only files: without them the archive step fails.
    LocalScriptBackupAgent agent = agent(startRedis(MASTER, false));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    BackupCatalogues catalogues = new BackupCatalogues(agent, new BackupMetrics(registry));

    assertThatThrownBy(() -> catalogues.take(APP, POLICY))
        .isInstanceOf(BackupException.class)
        .hasMessageContaining("no append-only manifest");
    BackupCatalogue catalogue = catalogues.refresh(APP, POLICY).orElseThrow();

    assertThat(catalogue.failures()).isEqualTo(1);
    String labels = "{app=\"orders\",app_namespace=\"shop\",kind=\"redis\"}";
    assertThat(registry.scrape())
        .contains("mooring_backup_failures_total" + labels + " 2.0")
        .contains("mooring_backup_schedule_interval_seconds" + labels + " 21600.0");
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static long sizeWithoutTheRecord(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      long total = 0;
      for (Path file : files.filter(f -> !f.getFileName().toString().equals("BACKUP")).toList()) {
        total += Files.size(file);
      }
      return total;
    }
  }
}
