package io.mooring.daemon;

import io.micrometer.core.instrument.MeterRegistry;
import io.mooring.forge.CommitStatusReporter;
import io.mooring.forge.ForgeClient;
import io.mooring.forge.ForgeProject;
import io.mooring.status.AppStatusStore;
import java.time.Duration;

/**
 * What the daemon tells the git host, when {@code --commit-status} is set: a status on each synced
 * commit. Without it every part is a no-op.
 */
final class GitHostFeedback implements AutoCloseable {
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final ForgeClient client;
  private final CommitStatusReporter reporter;
  private final RevisionListener revisions;

  private GitHostFeedback(
      ForgeClient client, CommitStatusReporter reporter, RevisionListener revisions) {
    this.client = client;
    this.reporter = reporter;
    this.revisions = revisions;
  }

  /**
   * @throws IllegalArgumentException when the API or the project cannot be told from the remote
   */
  static GitHostFeedback start(DaemonConfig config, MeterRegistry registry, AppStatusStore status) {
    GitApiConfig api = config.gitApi();
    if (!api.enabled()) {
      return new GitHostFeedback(null, null, RevisionListener.NONE);
    }
    ForgeProject project = ForgeProject.of(api.kind(), config.repo(), api.apiUrl(), api.project());
    ForgeClient client = new ForgeClient(project, api.tokenFile(), REQUEST_TIMEOUT);
    CommitStatusReporter reporter = CommitStatusReporter.standard(client, registry);
    return new GitHostFeedback(client, reporter, new CommitStatusPublisher(reporter, status, api));
  }

  RevisionListener revisions() {
    return revisions;
  }

  /** The API client, or null when no git host is configured. */
  ForgeClient client() {
    return client;
  }

  /** True when no commit status waits to be sent. */
  boolean idle() {
    return reporter == null || reporter.idle();
  }

  @Override
  public void close() {
    if (reporter != null) {
      reporter.close();
    }
  }
}
