package io.mooring.core.backup;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.mooring.core.render.backup.RedisBackupScripts;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.AppRef;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the backup script in the backup sidecar of an app's pods through the {@code pods/exec} API.
 *
 * <p>Exec rather than an HTTP endpoint in the sidecar or a Job: the sidecar then needs no listening
 * port, no credentials of its own and no image beyond Redis's, and the backup volume, which is
 * {@code ReadWriteOnce}, is read where it is already mounted. The sidecar's environment (the
 * password among it) stays in the pod: Mooring sends only the script's argument.
 */
public final class PodExecBackupAgent implements BackupAgent {
  private static final String SCRIPT =
      RedisBackupScripts.SCRIPTS_PATH + "/" + RedisBackupScripts.BACKUP;

  private final KubernetesClient client;
  private final Duration listTimeout;
  private final Duration takeTimeout;

  /**
   * @param listTimeout how long one pod may take to list the backups
   * @param takeTimeout how long one pod may take for a backup (a snapshot of the whole dataset)
   */
  public PodExecBackupAgent(KubernetesClient client, Duration listTimeout, Duration takeTimeout) {
    this.client = client;
    this.listTimeout = listTimeout;
    this.takeTimeout = takeTimeout;
  }

  @Override
  public BackupCatalogue list(AppRef app) {
    // Every pod mounts the same backup volume: the first that answers lists it.
    List<String> problems = new ArrayList<>();
    for (String pod : pods(app)) {
      Result result = exec(app, pod, "list", listTimeout);
      if (result.exitCode() == 0) {
        return BackupCatalogue.parse(result.output());
      }
      problems.add(pod + ": " + result.reason());
    }
    throw new BackupException(
        "the backups of " + app + " cannot be listed: " + String.join("; ", problems));
  }

  @Override
  public String take(AppRef app) {
    // Only the master backs up; the others refuse without writing, so each is asked in turn.
    List<String> problems = new ArrayList<>();
    for (String pod : pods(app)) {
      Result result = exec(app, pod, "backup", takeTimeout);
      if (result.exitCode() == 0) {
        List<String> lines = result.output().strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
      }
      if (result.exitCode() != RedisBackupScripts.NOT_THE_MASTER) {
        throw new BackupException(
            "the backup of " + app + " on pod " + pod + " failed: " + result.reason());
      }
      problems.add(pod + " is not the master");
    }
    throw new BackupException("no backup of " + app + " was taken: " + String.join("; ", problems));
  }

  /** The app's running Redis pods with a backup sidecar, by name. */
  private List<String> pods(AppRef app) {
    List<String> names =
        client
            .pods()
            .inNamespace(app.namespace())
            .withLabels(
                Map.of(MooringLabels.APP, app.labelValue(), MooringLabels.COMPONENT, "redis"))
            .list()
            .getItems()
            .stream()
            .filter(PodExecBackupAgent::runsTheSidecar)
            .map(pod -> pod.getMetadata().getName())
            .sorted(Comparator.naturalOrder())
            .toList();
    if (names.isEmpty()) {
      throw new BackupException(
          app + " has no running pod with a backup sidecar (is backup in its spec?)");
    }
    return names;
  }

  private static boolean runsTheSidecar(Pod pod) {
    return pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getSpec().getContainers().stream()
            .anyMatch(c -> RedisBackupScripts.SIDECAR.equals(c.getName()));
  }

  private Result exec(AppRef app, String pod, String mode, Duration timeout) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ExecWatch watch =
        client
            .pods()
            .inNamespace(app.namespace())
            .withName(pod)
            .inContainer(RedisBackupScripts.SIDECAR)
            .writingOutput(out)
            .writingError(err)
            .exec("sh", SCRIPT, mode)) {
      Integer code = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Result(
          code == null ? -1 : code,
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } catch (TimeoutException e) {
      return new Result(-1, "", "no answer within " + timeout.toSeconds() + " s");
    } catch (ExecutionException | KubernetesClientException e) {
      return new Result(-1, "", "exec failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupException("interrupted while reaching " + pod, e);
    }
  }

  /** What one run printed; the script's log lines go to {@code errors}. */
  private record Result(int exitCode, String output, String errors) {
    String reason() {
      List<String> lines = errors.strip().lines().toList();
      String last = lines.isEmpty() ? "exit code " + exitCode : lines.get(lines.size() - 1);
      return last;
    }
  }
}
