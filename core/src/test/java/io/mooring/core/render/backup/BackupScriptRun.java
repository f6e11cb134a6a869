package io.mooring.core.render.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One run of a backup script with its exit code and what it printed. */
record BackupScriptRun(int exitCode, String output) {

  static BackupScriptRun run(
      Path dir, String file, String script, Map<String, String> env, String... args) {
    try {
      Path path = dir.resolve(file);
      Files.writeString(path, script);
      List<String> command = new ArrayList<>(List.of("sh", path.toString()));
      command.addAll(List.of(args));
      Path log = Files.createTempFile(dir, file, ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().keySet().removeIf(key -> key.startsWith("REDIS"));
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(file + " did not finish");
      }
      return new BackupScriptRun(
          process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The last line printed: the backup script prints the name of the backup it took. */
  String lastLine() {
    List<String> lines = output.strip().lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }
}
