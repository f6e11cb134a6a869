package io.mooring.daemon;

import io.mooring.forge.CommitState;
import io.mooring.forge.CommitStatus;
import io.mooring.forge.CommitStatusReporter;
import io.mooring.forge.CommitStatusSummary;
import io.mooring.status.AppStatusStore;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns what a sync did to a revision into a status on its commit: pending when the branch moved to
 * it, then success or failure from the status of every app (see {@link CommitStatusSummary}).
 */
final class CommitStatusPublisher implements RevisionListener {
  private final CommitStatusReporter reporter;
  private final AppStatusStore status;
  private final String context;
  private final String targetUrl;
  private final Supplier<List<String>> filesWithoutApps;

  CommitStatusPublisher(
      CommitStatusReporter reporter,
      AppStatusStore status,
      Supplier<List<String>> filesWithoutApps,
      GitApiConfig config) {
    this.reporter = reporter;
    this.status = status;
    this.filesWithoutApps = filesWithoutApps;
    this.context = config.statusContext();
    this.targetUrl = config.statusPageUrl();
  }

  @Override
  public void applying(String commit) {
    reporter.report(new CommitStatus(commit, CommitState.PENDING, context, "applying", targetUrl));
  }

  @Override
  public void synced(String commit) {
    CommitStatusSummary.Summary summary =
        CommitStatusSummary.of(status.all(), filesWithoutApps.get());
    reporter.report(
        new CommitStatus(commit, summary.state(), context, summary.description(), targetUrl));
  }

  @Override
  public void unreadable(String commit, String reason) {
    reporter.report(
        new CommitStatus(
            commit,
            CommitState.ERROR,
            context,
            // The reason stays in Mooring's log: the description is public on the git host.
            "Mooring cannot read this commit; see its log and status page",
            targetUrl));
  }
}
