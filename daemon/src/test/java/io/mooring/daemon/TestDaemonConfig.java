package io.mooring.daemon;

import io.mooring.core.render.common.RenderOptions;
import io.mooring.webhook.WebhookSecret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A {@link DaemonConfig} for tests, with the defaults of {@code mooring serve} where a test does
 * not care.
 */
public final class TestDaemonConfig {
  public static final String GITHUB_SECRET = "github-hook-secret";
  public static final String GITLAB_TOKEN = "gitlab-hook-token";

  private final String repo;
  private final Path dataDir;
  private DaemonConfig.Mode mode = DaemonConfig.Mode.APPLY;
  private boolean leaderElection;
  private Duration leaseDuration = Duration.ofSeconds(15);
  private int httpPort;
  private int webhookPort = DaemonConfig.WEBHOOKS_ON_HTTP_PORT;
  private String leaseName = LeaderGate.DEFAULT_LEASE_NAME;
  private GitApiConfig gitApi = GitApiConfig.OFF;
  private Duration resyncInterval = Duration.ofHours(1);
  private int shards = 1;

  private TestDaemonConfig(String repo, Path dataDir) {
    this.repo = repo;
    this.dataDir = dataDir;
  }

  /**
   * Follows {@code repo}'s {@value ConfigRepository#BRANCH} branch, folder {@value
   * ConfigRepository#SPEC_FOLDER}.
   */
  public static TestDaemonConfig of(String repo, Path dataDir) {
    return new TestDaemonConfig(repo, dataDir);
  }

  public TestDaemonConfig mode(DaemonConfig.Mode value) {
    mode = value;
    return this;
  }

  public TestDaemonConfig leaderElection(Duration lease) {
    leaderElection = true;
    leaseDuration = lease;
    return this;
  }

  /** How often every app is re-diffed; an hour by default. */
  public TestDaemonConfig resyncInterval(Duration value) {
    resyncInterval = value;
    return this;
  }

  /** 0 (the default) takes any free port. */
  public TestDaemonConfig httpPort(int port) {
    httpPort = port;
    return this;
  }

  /** Webhooks on a port of their own (0: any free one) instead of the HTTP port. */
  public TestDaemonConfig webhookPort(int port) {
    webhookPort = port;
    return this;
  }

  /** Shares the apps among the replicas in {@code count} shards (needs leader election). */
  public TestDaemonConfig shards(int count) {
    shards = count;
    return this;
  }

  public TestDaemonConfig leaseName(String name) {
    leaseName = name;
    return this;
  }

  /** Commit statuses and previews through this git host API. */
  public TestDaemonConfig gitApi(GitApiConfig value) {
    gitApi = value;
    return this;
  }

  public DaemonConfig build() {
    return plain().withGitApi(gitApi);
  }

  private DaemonConfig plain() {
    return new DaemonConfig(
        repo,
        ConfigRepository.BRANCH,
        ConfigRepository.SPEC_FOLDER,
        null,
        null,
        null,
        false,
        WebhookSecret.of(GITHUB_SECRET),
        WebhookSecret.of(GITLAB_TOKEN),
        // Polling and resync an hour apart: in a test, only webhooks and cluster events move
        // anything.
        Duration.ofHours(1),
        resyncInterval,
        mode,
        true,
        List.of(),
        null,
        null,
        "127.0.0.1",
        httpPort,
        dataDir,
        leaderElection,
        "mooring-system",
        leaseDuration,
        false,
        null,
        5L * 1024 * 1024,
        RenderOptions.defaults(),
        leaseName,
        webhookPort,
        gitApi,
        shards);
  }
}
