package io.mooring.daemon;

import io.mooring.core.render.common.RenderOptions;
import io.mooring.gitsync.Redaction;
import io.mooring.webhook.WebhookSecret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@code mooring serve} was told, resolved and checked. Secrets are held as files to
 * read or as values from the environment, never printed: {@link #toString()} masks them, and the
 * user-info of the remote's URI.
 */
public record DaemonConfig(
    String repo,
    String branch,
    String path,
    Path gitTokenFile,
    Path gitSshKeyFile,
    Path gitKnownHostsFile,
    boolean gitAcceptNewHostKeys,
    WebhookSecret githubSecret,
    WebhookSecret gitlabToken,
    Duration pollInterval,
    Duration resyncInterval,
    Mode mode,
    boolean prune,
    List<String> namespaces,
    Path kubeconfig,
    String context,
    String bindAddress,
    int httpPort,
    Path dataDir,
    boolean leaderElection,
    String leaseNamespace,
    Duration leaseDuration,
    boolean sandbox,
    Path sandboxKubeconfig,
    long webhookBodyLimitBytes,
    RenderOptions renderOptions,
    String leaseName,
    int webhookPort,
    GitApiConfig gitApi,
    int shards) {

  /**
   * {@link #webhookPort()} value that serves webhooks on the HTTP port, beside status and metrics.
   */
  public static final int WEBHOOKS_ON_HTTP_PORT = -1;

  public DaemonConfig {
    namespaces = List.copyOf(namespaces);
    githubSecret = githubSecret == null ? WebhookSecret.NONE : githubSecret;
    gitlabToken = gitlabToken == null ? WebhookSecret.NONE : gitlabToken;
    if (leaseName == null || leaseName.isBlank()) {
      throw new IllegalArgumentException("the lease name must not be empty");
    }
    gitApi = gitApi == null ? GitApiConfig.OFF : gitApi;
    if (shards < 1) {
      throw new IllegalArgumentException("the number of shards must be at least 1, got " + shards);
    }
    if (shards > 1 && !leaderElection) {
      // Shards are owned through Leases: without them every replica would write every app.
      throw new IllegalArgumentException("sharding needs leader election (Leases)");
    }
    if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) {
      // The renew deadline and retry period are fractions of it; below a second they busy-loop the
      // API.
      throw new IllegalArgumentException(
          "lease duration must be at least 1s, got " + leaseDuration);
    }
  }

  public DaemonConfig withGitApi(GitApiConfig value) {
    return new DaemonConfig(
        repo,
        branch,
        path,
        gitTokenFile,
        gitSshKeyFile,
        gitKnownHostsFile,
        gitAcceptNewHostKeys,
        githubSecret,
        gitlabToken,
        pollInterval,
        resyncInterval,
        mode,
        prune,
        namespaces,
        kubeconfig,
        context,
        bindAddress,
        httpPort,
        dataDir,
        leaderElection,
        leaseNamespace,
        leaseDuration,
        sandbox,
        sandboxKubeconfig,
        webhookBodyLimitBytes,
        renderOptions,
        leaseName,
        webhookPort,
        value,
        shards);
  }

  /** {@code apply} writes what differs and heals drift; {@code observe} only reports. */
  public enum Mode {
    APPLY,
    OBSERVE
  }

  @Override
  public String toString() {
    return "DaemonConfig[repo="
        + Redaction.uri(repo)
        + ", branch="
        + branch
        + ", path="
        + path
        + ", mode="
        + mode
        + ", prune="
        + prune
        + ", namespaces="
        + namespaces
        + ", httpPort="
        + httpPort
        + ", webhookPort="
        + (webhookPort == WEBHOOKS_ON_HTTP_PORT ? "the HTTP port" : Integer.toString(webhookPort))
        + ", sandbox="
        + sandbox
        + ", leaderElection="
        + leaderElection
        + (leaderElection ? ", lease=" + leaseNamespace + "/" + leaseName : "")
        + (shards > 1 ? ", shards=" + shards : "")
        + ", clusterDomain="
        + renderOptions.clusterDomain()
        + ", githubSecret="
        + githubSecret
        + ", gitlabToken="
        + gitlabToken
        + ", commitStatus="
        + (gitApi.enabled() ? gitApi.kind().id() + " as " + gitApi.statusContext() : "off")
        + "]";
  }
}
