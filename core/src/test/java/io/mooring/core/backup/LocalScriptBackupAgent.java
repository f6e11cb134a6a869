package io.mooring.core.backup;

import io.mooring.core.render.backup.RedisBackupScripts;
import io.mooring.core.spec.AppRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The backup agent of the tests: runs the sidecar's own script as a local process for each "pod" (a
 * real redis-server on loopback with its data directory), all sharing one backup directory, as the
 * pods of an app share its backup volume. Only the transport differs from the pods/exec agent.
 */
public final class LocalScriptBackupAgent implements BackupAgent {
  /**
   * One pod's sidecar environment: its Redis, its data directory and what else the sidecar's
   * environment holds (its password).
   */
  public record Pod(String host, int port, Path data, Map<String, String> env) {
    public Pod(String host, int port, Path data) {
      this(host, port, data, Map.of());
    }
  }

  private final Path scripts;
  private final Path backups;
  private final List<Pod> pods;

  public LocalScriptBackupAgent(Path scripts, Path backups, List<Pod> pods) {
    this.scripts = scripts;
    this.backups = backups;
    this.pods = List.copyOf(pods);
  }

  @Override
  public BackupCatalogue list(AppRef app) {
    Run run = run(pods.get(0), "list");
    if (run.exitCode() != 0) {
      throw new BackupException("the backups of " + app + " cannot be listed: " + run.errors());
    }
    return BackupCatalogue.parse(run.output());
  }

  @Override
  public String take(AppRef app) {
    for (Pod pod : pods) {
      Run run = run(pod, "backup");
      if (run.exitCode() == 0) {
        List<String> lines = run.output().strip().lines().toList();
        return lines.get(lines.size() - 1);
      }
      if (run.exitCode() != RedisBackupScripts.NOT_THE_MASTER) {
        throw new BackupException("the backup of " + app + " failed: " + run.errors());
      }
    }
    throw new BackupException("no backup of " + app + " was taken: no pod is the master");
  }

  private record Run(int exitCode, String output, String errors) {}

  private Run run(Pod pod, String mode) {
    try {
      Path script = scripts.resolve(RedisBackupScripts.BACKUP);
      if (!Files.exists(script)) {
        Files.createDirectories(scripts);
        Files.writeString(script, RedisBackupScripts.backupScript());
      }
      Path out = Files.createTempFile(scripts, mode, ".out");
      Path err = Files.createTempFile(scripts, mode, ".err");
      ProcessBuilder builder =
          new ProcessBuilder(new ArrayList<>(List.of("sh", script.toString(), mode)))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().keySet().removeIf(key -> key.startsWith("REDIS"));
      builder
          .environment()
          .putAll(
              Map.of(
                  "REDIS_HOST", pod.host(),
                  "REDIS_PORT", Integer.toString(pod.port()),
                  "DATA_DIR", pod.data().toString(),
                  "BACKUP_DIR", backups.toString(),
                  "RETAIN", "2",
                  "POINT_IN_TIME", "1"));
      builder.environment().putAll(pod.env());
      Process process = builder.start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new BackupException("redis-backup.sh " + mode + " did not finish");
      }
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupException("interrupted", e);
    }
  }
}
