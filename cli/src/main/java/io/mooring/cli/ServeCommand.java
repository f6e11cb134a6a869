package io.mooring.cli;

import io.mooring.daemon.DaemonConfig;
import io.mooring.webhook.WebhookSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mooring serve}: the daemon. Every option may also come from {@code MOORING_<OPTION>} in
 * the environment or from the YAML file given with {@code --config}; a flag wins over the
 * environment, which wins over the file. This option set is a public contract: the Helm chart
 * relies on it.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    // The container image's entrypoint is "mooring serve": its --version must answer too.
    versionProvider = VersionProvider.class,
    description = {
      "Run the reconciler: follow a git branch, apply its Redis and NATS specs, serve webhooks, metrics and status.",
      "Every option can also be set as MOORING_<OPTION> (e.g. MOORING_REPO) or as a key in the --config file;",
      "precedence: flag, environment, file, default."
    })
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--repo",
      description = "Git remote to follow (https, ssh or a local path / file:// URL).")
  String repo;

  @Option(
      names = "--branch",
      defaultValue = "main",
      description = "Branch to follow (default: ${DEFAULT-VALUE}).")
  String branch;

  @Option(
      names = "--path",
      defaultValue = "",
      description = "Folder of specs inside the repository (default: the root).")
  String path;

  @Option(
      names = "--git-token-file",
      description = "File holding an HTTPS token or password for the remote (read at every fetch).")
  Path gitTokenFile;

  @Option(names = "--git-ssh-key-file", description = "Private key for an ssh remote.")
  Path gitSshKeyFile;

  @Option(
      names = "--git-known-hosts-file",
      description = "known_hosts file used to check the ssh remote's host key.")
  Path gitKnownHostsFile;

  @Option(
      names = "--git-accept-new-host-keys",
      defaultValue = "false",
      description = "Trust an ssh host key seen for the first time (default: ${DEFAULT-VALUE}).")
  boolean gitAcceptNewHostKeys;

  @Option(
      names = "--github-secret-file",
      description =
          "File holding the GitHub webhook secret. MOORING_GITHUB_SECRET may hold the secret itself.")
  Path githubSecretFile;

  @Option(
      names = "--gitlab-token-file",
      description =
          "File holding the GitLab webhook token. MOORING_GITLAB_TOKEN may hold the token itself.")
  Path gitlabTokenFile;

  @Option(
      names = "--poll-interval",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Fetch this often even without webhooks (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(
      names = "--resync-interval",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "Re-diff every app against the cluster this often (default: ${DEFAULT-VALUE}).")
  Duration resyncInterval;

  @Option(
      names = "--mode",
      defaultValue = "apply",
      description =
          "apply: write differences and heal drift; observe: report only (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(
      names = "--prune",
      defaultValue = "true",
      arity = "1",
      description =
          "Delete objects of specs removed from git (data is always kept) (default: ${DEFAULT-VALUE}).")
  boolean prune;

  @Option(
      names = "--namespaces",
      split = ",",
      description = "Namespaces to manage, comma-separated (default: all).")
  List<String> namespaces;

  @Option(
      names = "--kubeconfig",
      description = "Kubeconfig file (default: in-cluster config, then ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--context", description = "Kubeconfig context to use.")
  String context;

  @Option(
      names = "--http-address",
      defaultValue = "0.0.0.0",
      description = "Address the HTTP server binds (default: ${DEFAULT-VALUE}).")
  String httpAddress;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description = "Port of status, metrics and health (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--webhook-port",
      defaultValue = "8081",
      description = {
        "Port of the push webhooks alone, the one to expose to git hosts (default: ${DEFAULT-VALUE});",
        "the same as --http-port serves everything on one port."
      })
  int webhookPort;

  @Option(
      names = "--data-dir",
      description = {
        // One line each, so that the terminal-width layout does not break ~/.local apart.
        "Where the git mirror is kept (default:",
        "$XDG_STATE_HOME/mooring, else",
        "~/.local/state/mooring, else a new temporary",
        "directory)."
      })
  Path dataDir;

  @Option(
      names = "--leader-election",
      arity = "0..1",
      fallbackValue = "true",
      description = "Elect one active replica with a Lease (default: on when running in a pod).")
  Boolean leaderElection;

  @Option(
      names = "--lease-namespace",
      description = "Namespace of the leader Lease (default: the pod's namespace, else default).")
  String leaseNamespace;

  @Option(
      names = "--lease-name",
      defaultValue = "mooring-leader",
      description = {
        "Name of the leader Lease, and of the ConfigMap beside it holding state for the leader",
        "(default: ${DEFAULT-VALUE}). Two Moorings in one namespace need two names."
      })
  String leaseName;

  @Option(
      names = "--lease-duration",
      defaultValue = "15s",
      converter = DurationConverter.class,
      description =
          "How long a leader's Lease lasts without renewal: a crashed leader is replaced after at most this (default: ${DEFAULT-VALUE}).")
  Duration leaseDuration;

  @Option(
      names = "--shards",
      defaultValue = "1",
      description = {
        "Share the apps among the replicas in this many shards, each owned through a Lease",
        "<lease name without -leader>-shard-<i> (default: ${DEFAULT-VALUE}: one leader writes",
        "every app). More than 1 needs leader election."
      })
  int shards;

  @Option(
      names = "--sandbox",
      defaultValue = "false",
      description = "Run against an embedded in-memory Kubernetes API instead of a cluster.")
  boolean sandbox;

  @Option(
      names = "--sandbox-kubeconfig",
      description = "With --sandbox: write a kubeconfig for the embedded API to this file.")
  Path sandboxKubeconfig;

  @Option(
      names = "--webhook-body-limit",
      defaultValue = "5242880",
      description = "Largest webhook body accepted, in bytes (default: ${DEFAULT-VALUE}).")
  long webhookBodyLimit;

  @Option(
      names = "--log-format",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  String logFormat;

  @Mixin RenderSettings renderSettings;

  @Mixin GitApiOptions gitApi;

  @Option(
      names = "--config",
      description =
          "YAML file of option values (keys are option names without dashes' prefix, e.g. poll-interval).")
  Path config;

  private final Map<String, String> environment;

  public ServeCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    logFormat().apply();
    DaemonConfig resolved = toConfig();
    return DaemonLauncher.run(resolved);
  }

  LogFormat logFormat() {
    try {
      return LogFormat.valueOf(logFormat.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--log-format must be text or json, got '" + logFormat + "'");
    }
  }

  DaemonConfig toConfig() {
    if (repo == null || repo.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--repo (or MOORING_REPO) is required");
    }
    DaemonConfig.Mode parsedMode;
    try {
      parsedMode = DaemonConfig.Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--mode must be apply or observe, got '" + mode + "'");
    }
    if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ParameterException(
          spec.commandLine(), "--lease-duration must be at least 1s, got '" + leaseDuration + "'");
    }
    if (leaseName.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--lease-name must not be empty");
    }
    boolean inPod = environment.containsKey("KUBERNETES_SERVICE_HOST") && !sandbox;
    if (shards < 1) {
      throw new ParameterException(
          spec.commandLine(), "--shards must be at least 1, got '" + shards + "'");
    }
    if (shards > 1 && Boolean.FALSE.equals(leaderElection)) {
      throw new ParameterException(
          spec.commandLine(),
          "--shards " + shards + " needs leader election: shards are owned through Leases");
    }
    boolean elect = leaderElection != null ? leaderElection : inPod || shards > 1;
    return new DaemonConfig(
        repo,
        branch,
        path,
        gitTokenFile,
        gitSshKeyFile,
        gitKnownHostsFile,
        gitAcceptNewHostKeys,
        secret(githubSecretFile, "MOORING_GITHUB_SECRET"),
        secret(gitlabTokenFile, "MOORING_GITLAB_TOKEN"),
        pollInterval,
        resyncInterval,
        parsedMode,
        prune,
        namespaces == null
            ? List.of()
            : namespaces.stream().map(String::trim).filter(s -> !s.isEmpty()).toList(),
        kubeconfig,
        context,
        httpAddress,
        httpPort,
        dataDir != null ? dataDir : DefaultDataDir.resolve(environment),
        elect,
        leaseNamespace != null
            ? leaseNamespace
            : environment.getOrDefault("POD_NAMESPACE", "default"),
        leaseDuration,
        sandbox,
        sandboxKubeconfig,
        webhookBodyLimit,
        renderSettings.renderOptions(spec.commandLine()),
        leaseName,
        webhookPort == httpPort ? DaemonConfig.WEBHOOKS_ON_HTTP_PORT : webhookPort,
        gitApi.toConfig(spec.commandLine(), repo, sandbox ? "sandbox" : context, environment),
        shards);
  }

  /** A secret from its file, else from the environment variable holding the value itself. */
  private WebhookSecret secret(Path file, String environmentVariable) {
    if (file != null) {
      try {
        // Mounted Secrets often end with a newline that is not part of the secret.
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        return WebhookSecret.of(text);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    String value = environment.get(environmentVariable);
    return value == null ? WebhookSecret.NONE : WebhookSecret.of(value.strip());
  }
}
