package io.mooring.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.core.backup.BackupAgent;
import io.mooring.core.backup.BackupCatalogue;
import io.mooring.core.backup.BackupEntry;
import io.mooring.core.backup.BackupException;
import io.mooring.core.backup.PodExecBackupAgent;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code mooring backups list|take <app>}: the backups of a Redis app with {@code backup}, read and
 * taken by running the backup sidecar's own script in the app's pods, as the daemon does.
 */
@Command(
    name = "backups",
    mixinStandardHelpOptions = true,
    description = "List the backups of a Redis app, or take one now.",
    subcommands = {CommandLine.HelpCommand.class})
final class BackupsCommand {
  /** How the command reaches the sidecars; the tests run the script locally instead. */
  interface AgentSource {
    BackupAgent open(ClusterOptions cluster) throws IOException;
  }

  private final AgentSource agents;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  BackupsCommand() {
    this(BackupsCommand::podExec);
  }

  BackupsCommand(AgentSource agents) {
    this.agents = agents;
  }

  private static BackupAgent podExec(ClusterOptions cluster) throws IOException {
    KubernetesClient client = KubernetesClients.connect(cluster.kubeconfig, cluster.context);
    // A backup copies the whole dataset: it may take much longer than a list.
    return new PodExecBackupAgent(client, cluster.timeout, Duration.ofMinutes(30));
  }

  @Command(name = "list", description = "List the backups of an app, oldest first.")
  int list(
      @Mixin ClusterOptions cluster,
      @Parameters(
              paramLabel = "APP",
              description = "[kind/]namespace/name, e.g. shop/orders (kind defaults to redis).")
          String app)
      throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    AppRef ref = parse(app);
    BackupCatalogue catalogue;
    try {
      catalogue = agents.open(cluster).list(ref);
    } catch (BackupException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 1;
    }
    out.printf(
        Locale.ROOT,
        "%-18s %-9s %-21s %12s %8s  %s%n",
        "NAME",
        "KIND",
        "TIME",
        "BYTES",
        "SECONDS",
        "SHA256 OF SHA256SUMS");
    for (BackupEntry entry : catalogue.entries()) {
      out.printf(
          Locale.ROOT,
          "%-18s %-9s %-21s %12d %8d  %s%n",
          entry.name(),
          entry.kind(),
          entry.time(),
          entry.sizeBytes(),
          entry.durationSeconds(),
          entry.checksum());
    }
    out.printf(
        Locale.ROOT,
        "%d backup(s), %d failure(s) counted by the sidecar%n",
        catalogue.snapshots().size(),
        catalogue.failures());
    out.flush();
    return 0;
  }

  @Command(name = "take", description = "Take a backup of an app now, on its master.")
  int take(
      @Mixin ClusterOptions cluster,
      @Parameters(
              paramLabel = "APP",
              description = "[kind/]namespace/name, e.g. shop/orders (kind defaults to redis).")
          String app)
      throws IOException {
    AppRef ref = parse(app);
    try {
      String name = agents.open(cluster).take(ref);
      spec.commandLine().getOut().println("backup " + name + " taken of " + ref);
      spec.commandLine().getOut().flush();
      return 0;
    } catch (BackupException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 1;
    }
  }

  private AppRef parse(String app) {
    List<String> parts = List.of(app.split("/", -1));
    try {
      if (parts.size() == 2) {
        return new AppRef(AppKind.REDIS, parts.get(0), parts.get(1));
      }
      if (parts.size() == 3) {
        return new AppRef(AppKind.fromId(parts.get(0)), parts.get(1), parts.get(2));
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "APP " + app + ": " + e.getMessage(), e);
    }
    throw new CommandLine.ParameterException(
        spec.commandLine(), "APP must be [kind/]namespace/name, not " + app);
  }
}
