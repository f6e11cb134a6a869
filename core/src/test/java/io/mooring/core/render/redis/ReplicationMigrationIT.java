package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.core.reconcile.MigrationHook;
import io.mooring.core.redis.RedisConnection;
import io.mooring.core.redis.ReplicationInfo;
import io.mooring.core.redis.ReplicationMigration;
import io.mooring.core.spec.RedisDataSource.Migration;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.testing.RealBinaries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration by replication on real servers: a source redis-server Mooring does not run, holding
 * 10,000 keys with TTLs and taking writes throughout, and a new master booted from the rendered
 * config, which follows it until caught up and is then promoted.
 */
class ReplicationMigrationIT {
  private static final String SOURCE_ADDRESS = "127.0.0.41";
  private static final String SOURCE_PASSWORD = "source-secret";
  private static final int KEYS = 10_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path root;
  private final LoopbackProcesses processes = new LoopbackProcesses();
  private LoopbackRedisSet target;

  @AfterEach
  void stop() {
    if (target != null) {
      target.close();
    }
    processes.close();
  }

  @Test
  void theNewMasterHoldsEveryKeyWithItsTtlAndTheWritesMadeBeforeItCaughtUp() throws Exception {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-cli", "redis-tools");
    int sourcePort = LoopbackProcesses.freePort(List.of(SOURCE_ADDRESS));
    processes.start(
        List.of(
            "redis-server",
            "--bind",
            SOURCE_ADDRESS,
            "--port",
            Integer.toString(sourcePort),
            "--requirepass",
            SOURCE_PASSWORD,
            "--save",
            "",
            "--dir",
            root.toString()),
        Map.of(),
        root.resolve("source.log"));
    await("the source answers")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> call(sourcePort, "PING").equals("PONG"));
    try (RedisConnection source = source(sourcePort)) {
      for (int i = 0; i < KEYS; i++) {
        source.call("SET", "key:" + i, "value-" + i, "EX", Integer.toString(3600 + i));
      }
    }

    RedisSpec spec =
        RedisTestSpecs.spec(
            "orders", 1, ResourcePreset.DEFAULT.resources(), "1Gi", "", false, true);
    target = new LoopbackRedisSet(RedisRenderer.render(spec, RedisTestSpecs.OPTIONS), 1, root);
    target.startRedis(0);

    AtomicInteger written = new AtomicInteger();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicReference<Throwable> writeFailure = new AtomicReference<>();
    Thread writer = new Thread(() -> writeUntilStopped(sourcePort, written, writing, writeFailure));
    writer.start();
    // Every write done before the migration last asked the source for its offset must arrive.
    AtomicInteger writtenAtCheck = new AtomicInteger();
    List<String> states = new ArrayList<>();
    AtomicReference<String> recorded = new AtomicReference<>();
    MigrationHook.ProgressRecord record =
        new MigrationHook.ProgressRecord() {
          @Override
          public Optional<String> read() {
            return Optional.ofNullable(recorded.get());
          }

          @Override
          public void write(String state) {
            states.add(state);
            recorded.set(state);
          }
        };
    Migration from =
        new Migration(
            SOURCE_ADDRESS, sourcePort, null, SOURCE_PASSWORD, false, Migration.Method.REPLICATION);
    ReplicationMigration migration =
        new ReplicationMigration(
            from,
            this::targetConnection,
            () -> {
              writtenAtCheck.set(written.get());
              return source(sourcePort);
            },
            target.password());

    await("the migration is done")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> migration.advance(record).done());
    writing.set(false);
    writer.join();

    assertThat(writeFailure.get()).isNull();
    assertThat(states).containsExactly("replicating", "promoting", "done");
    assertThat(writtenAtCheck.get()).isPositive();
    try (RedisConnection promoted = targetConnection()) {
      assertThat(ReplicationInfo.parse(promoted.call("INFO", "replication")).role())
          .isEqualTo("master");
      for (int i = 0; i < KEYS; i++) {
        assertThat(promoted.call("GET", "key:" + i)).isEqualTo("value-" + i);
        long ttl = Long.parseLong(promoted.call("TTL", "key:" + i));
        assertThat(ttl).isPositive().isLessThanOrEqualTo(3600 + i);
      }
      for (int i = 0; i < writtenAtCheck.get(); i++) {
        assertThat(promoted.call("GET", "live:" + i)).isEqualTo(Integer.toString(i));
      }
      // Promoted: it takes writes of its own, and its source's credentials are gone.
      assertThat(promoted.call("SET", "after", "promotion")).isEqualTo("OK");
      assertThat(promoted.call("CONFIG", "GET", "masterauth")).doesNotContain(SOURCE_PASSWORD);
    }
    // A later call changes nothing: the record says done.
    assertThat(migration.advance(record).done()).isTrue();
    assertThat(states).hasSize(3);
  }

  private static void writeUntilStopped(
      int port, AtomicInteger written, AtomicBoolean writing, AtomicReference<Throwable> failure) {
    try (RedisConnection source = source(port)) {
      while (writing.get()) {
        int next = written.get();
        source.call("SET", "live:" + next, Integer.toString(next));
        written.incrementAndGet();
      }
    } catch (RuntimeException e) {
      failure.set(e);
    }
  }

  private RedisConnection targetConnection() {
    return RedisConnection.open(
        LoopbackRedisSet.redisAddress(0), target.redisPort, null, target.password(), TIMEOUT);
  }

  private static RedisConnection source(int port) {
    return RedisConnection.open(SOURCE_ADDRESS, port, null, SOURCE_PASSWORD, TIMEOUT);
  }

  private static String call(int port, String... args) {
    try (RedisConnection source = source(port)) {
      return source.call(args);
    }
  }
}
