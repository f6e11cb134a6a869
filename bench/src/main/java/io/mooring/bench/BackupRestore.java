package io.mooring.bench;

import io.mooring.core.render.backup.RedisBackupScripts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scenario 9: the backup sidecar's and the restore init container's own scripts on 100,000 keys,
 * against real redis-servers on loopback: a backup (BGSAVE, copy, checksums), then a restore into
 * an empty directory until the new server answers with every key.
 */
public final class BackupRestore {
  private static final String NAME = "9 backup/restore";
  private static final int KEYS = 100_000;

  private BackupRestore() {}

  public static void run(Path work, ResultTable table) throws IOException, InterruptedException {
    if (!onPath("redis-server") || !onPath("redis-cli") || !onPath("redis-check-aof")) {
      table.add(Row.info(NAME, 0, "skipped: redis-server and redis-tools are not installed"));
      return;
    }
    Path root = Files.createDirectories(work.resolve("backup-restore"));
    Files.writeString(root.resolve("backup.sh"), RedisBackupScripts.backupScript());
    Files.writeString(root.resolve("restore.sh"), RedisBackupScripts.restoreScript());
    int port = freePort();
    List<Process> servers = new ArrayList<>();
    try {
      Path source = Files.createDirectories(root.resolve("source"));
      servers.add(redis(source, port));
      cli(port, "DEBUG", "POPULATE", Integer.toString(KEYS), "key", "64");
      long started = System.nanoTime();
      script(root, "backup.sh", Map.of("DATA_DIR", source.toString()), port, "backup");
      double backupMillis = (System.nanoTime() - started) / 1e6;
      Process sourceServer = servers.remove(0);
      sourceServer.destroy();
      // The restored server takes the same port: until the source has exited, a PING could reach
      // it, and the restored server could not bind.
      if (!sourceServer.waitFor(60, TimeUnit.SECONDS)) {
        sourceServer.destroyForcibly().waitFor();
      }

      Path target = Files.createDirectories(root.resolve("target"));
      started = System.nanoTime();
      script(root, "restore.sh", Map.of("DATA_DIR", target.toString()), port);
      servers.add(redis(target, port));
      double restoreMillis = (System.nanoTime() - started) / 1e6;
      String keys = cli(port, "DBSIZE");
      if (!keys.equals(Integer.toString(KEYS))) {
        throw new IllegalStateException("the restored server holds " + keys + " keys");
      }
      table.add(Row.info(NAME, 0, "backup of 100,000 keys %.0f ms".formatted(backupMillis)));
      table.add(
          Row.info(
              NAME,
              0,
              "restore of 100,000 keys until the server answers %.0f ms".formatted(restoreMillis)));
    } finally {
      servers.forEach(Process::destroy);
    }
  }

  private static Process redis(Path data, int port) throws IOException {
    Process process =
        new ProcessBuilder(
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--dir",
                data.toString(),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--enable-debug-command",
                "yes")
            .redirectErrorStream(true)
            .redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile())
            .start();
    // A server that loads a dataset answers LOADING until it is done: wait for PONG.
    try {
      Polling.until(() -> cli(port, "PING").equals("PONG"), Duration.ofSeconds(60), "Redis");
    } catch (TimeoutException e) {
      process.destroy();
      throw new IllegalStateException(e.getMessage(), e);
    }
    return process;
  }

  private static void script(
      Path root, String file, Map<String, String> env, int port, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sh", root.resolve(file).toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(key -> key.startsWith("REDIS"));
    builder.environment().putAll(env);
    builder.environment().put("REDIS_HOST", "127.0.0.1");
    builder.environment().put("REDIS_PORT", Integer.toString(port));
    builder.environment().put("BACKUP_DIR", root.resolve("backups").toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(file + " failed: " + output);
    }
  }

  private static String cli(int port, String... args) {
    List<String> command =
        new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      process.waitFor(30, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static boolean onPath(String binary) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":", -1)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
