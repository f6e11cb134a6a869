package io.mooring.daemon;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.core.kube.Applier;
import io.mooring.core.kube.ClusterCache;
import io.mooring.core.kube.RetryPolicy;
import io.mooring.core.metrics.DriftMetrics;
import io.mooring.core.plan.PlanPolicy;
import io.mooring.core.reconcile.AppRenderer;
import io.mooring.core.reconcile.ReconcileMode;
import io.mooring.core.reconcile.ReconcileOptions;
import io.mooring.core.reconcile.Reconciler;
import io.mooring.core.source.SpecSet;
import io.mooring.core.spec.SpecParser;
import io.mooring.forge.CommitStatusReporter;
import io.mooring.forge.ForgeClient;
import io.mooring.forge.ForgeProject;
import io.mooring.gitsync.GitSource;
import io.mooring.gitsync.MirrorOptions;
import io.mooring.gitsync.PullRequestFetcher;
import io.mooring.preview.Previewer;
import io.mooring.status.AppStatusStore;
import io.mooring.webhook.PullRequestEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the daemon tells the git host, when {@code --commit-status} is set: a status on each synced
 * commit, and a preview of each pull (merge) request into the followed branch. Without it every
 * part is a no-op.
 */
final class GitHostFeedback implements AutoCloseable {
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final ForgeClient client;
  private final CommitStatusReporter reporter;
  private final RevisionListener revisions;
  private Previewer previewer;

  private GitHostFeedback(
      ForgeClient client, CommitStatusReporter reporter, RevisionListener revisions) {
    this.client = client;
    this.reporter = reporter;
    this.revisions = revisions;
  }

  /**
   * @throws IllegalArgumentException when the API or the project cannot be told from the remote
   */
  static GitHostFeedback start(
      DaemonConfig config,
      MeterRegistry registry,
      AppStatusStore status,
      Supplier<List<String>> filesWithoutApps) {
    GitApiConfig api = config.gitApi();
    if (!api.enabled()) {
      return new GitHostFeedback(null, null, RevisionListener.NONE);
    }
    ForgeProject project = ForgeProject.of(api.kind(), config.repo(), api.apiUrl(), api.project());
    ForgeClient client = new ForgeClient(project, api.token(), REQUEST_TIMEOUT);
    CommitStatusReporter reporter = CommitStatusReporter.standard(client, registry);
    return new GitHostFeedback(
        client, reporter, new CommitStatusPublisher(reporter, status, filesWithoutApps, api));
  }

  /**
   * Starts previewing pull (merge) requests; returns what the webhook routes hand them to (a no-op
   * without {@code --commit-status}).
   */
  Consumer<PullRequestEvent> startPreviews(
      DaemonConfig config,
      GitSource source,
      KubernetesClient kube,
      ClusterCache cache,
      AppRenderer renderer,
      SpecParser parser,
      Supplier<SpecSet> synced)
      throws IOException {
    if (client == null) {
      return event -> {};
    }
    // The CLI's diff path: observe mode, and an applier that may never write.
    Applier refusing = new Applier(kube, RetryPolicy.defaults(), () -> false);
    Reconciler observer =
        new Reconciler(
            renderer,
            cache,
            refusing,
            new DriftMetrics(new SimpleMeterRegistry()),
            ReconcileOptions.defaults()
                .withPolicy(PlanPolicy.defaults().withPrune(config.prune()))
                .withMode(ReconcileMode.OBSERVE));
    PullRequestFetcher fetcher =
        PullRequestFetcher.open(
            source, config.dataDir().resolve("mirror"), MirrorOptions.defaults());
    GitApiConfig api = config.gitApi();
    previewer =
        new Previewer(
            fetcher,
            parser,
            observer,
            synced,
            client,
            reporter,
            api.clusterName(),
            api.statusPageUrl());
    return previewer::submit;
  }

  /** The previewer, or null before {@link #startPreviews} or without a git host. */
  Previewer previewer() {
    return previewer;
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
    return (reporter == null || reporter.idle()) && (previewer == null || previewer.idle());
  }

  @Override
  public void close() {
    if (previewer != null) {
      previewer.close();
    }
    if (reporter != null) {
      reporter.close();
    }
  }
}
