package io.mooring.daemon;

import io.mooring.core.metrics.DriftMetrics;
import io.mooring.core.plan.GuardOverride;
import io.mooring.core.plan.PruneAllowance;
import io.mooring.core.reconcile.AppResult;
import io.mooring.core.reconcile.Reconciler;
import io.mooring.core.reconcile.RevisionProgress;
import io.mooring.core.reconcile.Trigger;
import io.mooring.core.source.SpecSet;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.ControlCharacters;
import io.mooring.core.spec.ProblemCaps;
import io.mooring.core.spec.SourceLocation;
import io.mooring.core.spec.SpecError;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.gitsync.ChangedPaths;
import io.mooring.gitsync.CommitFile;
import io.mooring.gitsync.FetchResult;
import io.mooring.gitsync.GitFetchException;
import io.mooring.gitsync.GitMirror;
import io.mooring.gitsync.SkippedFile;
import io.mooring.gitsync.Snapshot;
import io.mooring.gitsync.SnapshotFiles;
import io.mooring.status.AppStatusStore;
import io.mooring.status.PruneOverrideLog;
import io.mooring.status.SyncProgress;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One sync run: fetch the branch, re-read only what git says changed, and reconcile only the apps
 * those files declare (or declared). A full resync re-reads and re-diffs everything; with nothing
 * drifted it costs no API write. After each run the status holds every app some file declares or
 * that has live objects, and every spec file that cannot be used (logged when its problems change).
 *
 * <p>Apps are reconciled one at a time and each result goes to the status as soon as it is known,
 * so a commit of thousands of apps holds one app's objects at a time and shows its progress ({@link
 * SyncProgress}). Between two apps a run stops when the daemon is closing or when a newer commit
 * that changes specs has arrived (it is superseded); the next run then re-reads and reconciles
 * everything at the newest commit, the apps the stopped run never reached included.
 */
public final class SyncJob implements SyncCoordinator.Job {
  private static final Logger LOG = LoggerFactory.getLogger(SyncJob.class);

  private final GitMirror mirror;
  private final SpecParser parser;
  private final Reconciler reconciler;
  private final AppStatusStore status;
  private final DaemonMetrics metrics;
  private final ManagedApps managed;
  private final SyncProgress progress;
  private final PruneOverrideLog overrides;
  private final DriftMetrics driftMetrics;
  private final RevisionListener revisions;
  private final Predicate<AppRef> owns;
  // Replaced whole by the sync worker, read by the drift watcher: an immutable snapshot.
  private volatile SpecSet specs = SpecSet.empty();
  private volatile String revision;
  private volatile boolean synced;
  // Only the sync worker reads and writes it.
  private boolean resumeFull;

  /** The apps that currently have live objects (from the cluster cache). */
  @FunctionalInterface
  public interface ManagedApps {
    Set<AppRef> get();
  }

  public SyncJob(
      GitMirror mirror,
      SpecParser parser,
      Reconciler reconciler,
      AppStatusStore status,
      DaemonMetrics metrics,
      ManagedApps managed,
      SyncProgress progress,
      PruneOverrideLog overrides,
      DriftMetrics driftMetrics,
      RevisionListener revisions,
      Predicate<AppRef> owns) {
    this.mirror = mirror;
    this.parser = parser;
    this.reconciler = reconciler;
    this.status = status;
    this.metrics = metrics;
    this.managed = managed;
    this.progress = progress;
    this.overrides = overrides;
    this.driftMetrics = driftMetrics;
    this.revisions = revisions;
    this.owns = owns;
  }

  /** The commit the cluster was last reconciled with; null before the first sync. */
  public String revision() {
    return revision;
  }

  /** What git said at the last sync, for lookups from any thread. */
  public SpecSet specs() {
    return specs;
  }

  /** True once a snapshot has been read and reconciled. */
  public boolean synced() {
    return synced;
  }

  @Override
  public void run(SyncRequest request, SyncCoordinator.RunSignals signals) {
    Trigger trigger = primary(request);
    long triggersSeen = signals.triggersReceived();
    FetchResult fetched = null;
    try {
      fetched = mirror.fetch();
    } catch (GitFetchException e) {
      // The last good snapshot stays current; the error is in the mirror's status, metrics and
      // log (once per change of the error, not once per poll).
    }
    Snapshot snapshot = mirror.current().orElse(null);
    if (snapshot == null) {
      return;
    }
    if (fetched != null && fetched.moved()) {
      revisions.applying(snapshot.commit());
    }
    boolean everything = fetched != null && fetched.changes() instanceof ChangedPaths.Everything;
    SpecSet before = specs;
    Run run = new Run(snapshot, trigger, signals, triggersSeen);
    boolean complete;
    try {
      if (!synced || resumeFull || request.fullResync() || everything) {
        complete = full(run);
      } else if (fetched != null
          && fetched.moved()
          && fetched.changes() instanceof ChangedPaths.Files files) {
        complete = incremental(run, files);
      } else {
        complete = true;
      }
    } catch (IOException e) {
      LOG.atError()
          .addKeyValue("revision", snapshot.commit())
          .addKeyValue("error", e.getMessage())
          .log("reading specs failed");
      revisions.unreadable(snapshot.commit(), e.getMessage());
      return;
    } finally {
      progress.ended();
    }
    forgetAppsNoFileDeclares(specs.allApps());
    publishFileProblems(before);
    if (!complete) {
      // What the stopped run did not reach, and what changed since, is found by reading it all.
      resumeFull = true;
      LOG.atInfo()
          .addKeyValue("trigger", trigger.label())
          .addKeyValue("revision", snapshot.commit())
          .addKeyValue("done", run.done)
          .addKeyValue("apps", run.total)
          .addKeyValue("reason", run.stopReason)
          .log("sync stopped between apps");
      return;
    }
    resumeFull = false;
    // Published after the statuses: whoever sees the new revision sees what it did to each app.
    revision = snapshot.commit();
    synced = true;
    revisions.synced(snapshot.commit());
    if (fetched != null) {
      // A run on the last good snapshot after a failed fetch did not read git: it is no
      // successful sync.
      metrics.syncSucceeded();
    }
    // "Push to applied" only when the push was fetched and every app it reached applied.
    if (request.firstWebhookNanos() != 0
        && fetched != null
        && !run.outcomes.containsKey("failed")) {
      metrics.pushApplied(Duration.ofNanos(System.nanoTime() - request.firstWebhookNanos()));
    }
    LoggingEventBuilder line =
        LOG.atInfo()
            .addKeyValue("trigger", trigger.label())
            .addKeyValue("revision", snapshot.commit())
            .addKeyValue("apps", run.done);
    for (Map.Entry<String, Integer> outcome : run.outcomes.entrySet()) {
      line = line.addKeyValue(outcome.getKey(), outcome.getValue());
    }
    line.log("sync finished");
  }

  /**
   * An app with nothing live that no file declares any more leaves the status and the metrics,
   * whatever its last result: an invalid app whose file was deleted is reconciled by no one, so no
   * result would ever replace its last one.
   */
  private void forgetAppsNoFileDeclares(Set<AppRef> inGit) {
    Set<AppRef> live = managed.get();
    for (AppRef app : status.apps()) {
      if (!inGit.contains(app) && !live.contains(app)) {
        status.forget(app);
        reconciler.forget(app);
      }
    }
  }

  /**
   * The files that cannot be used go to the status, the log (once per change of their problems)
   * and, with the invalid apps, to {@code mooring_invalid_specs}.
   */
  private void publishFileProblems(SpecSet before) {
    SpecSet now = specs;
    Map<String, List<String>> broken = now.fileProblems();
    status.files(broken);
    broken.forEach(
        (path, problems) -> {
          if (!problems.equals(before.fileProblems().get(path))) {
            LOG.warn(
                "spec file {} cannot be used, and no app is pruned until it reads cleanly: {}{}",
                ProblemCaps.truncate(ControlCharacters.escape(path)),
                ProblemCaps.truncate(problems.get(0)),
                problems.size() > 1 ? " (and more in the status)" : "");
          }
        });
    before.fileProblems().keySet().stream()
        .filter(path -> !broken.containsKey(path))
        .forEach(
            path ->
                LOG.info(
                    "spec file {} {}",
                    ProblemCaps.truncate(ControlCharacters.escape(path)),
                    now.paths().contains(path) ? "reads cleanly again" : "left the repository"));
    long invalidApps =
        now.allApps().stream().filter(app -> "invalid".equals(status.statusOf(app))).count();
    metrics.invalidSpecs((int) invalidApps + now.filesWithErrorsAndNoApp().size());
  }

  private boolean full(Run run) throws IOException {
    SnapshotFiles read = mirror.specFiles(run.snapshot);
    SpecSet.Edit edit = specs.edit();
    Set<String> present = new TreeSet<>();
    for (CommitFile file : read.files()) {
      present.add(file.path());
      edit.put(file.path(), parse(file));
    }
    for (SkippedFile skipped : read.skipped()) {
      present.add(skipped.path());
      edit.put(skipped.path(), notRead(skipped));
    }
    specs = edit.retainOnly(present).build();
    return reconcileAll(run);
  }

  /** Every app in git, those left untouched and every managed app without a spec. */
  private boolean reconcileAll(Run run) {
    SpecSet current = specs;
    return reconciler.reconcileRevision(
        run.snapshot.commit(),
        current.validSpecs(),
        current.untouched(managed.get()),
        run.trigger,
        allowance(run.snapshot),
        run);
  }

  private boolean incremental(Run run, ChangedPaths.Files changes) throws IOException {
    SnapshotFiles read = mirror.specFiles(run.snapshot, changes.pathsToRead());
    SpecSet before = specs;
    SpecSet.Edit edit = before.edit();
    Set<String> changed = new TreeSet<>(changes.pathsGone());
    changes.pathsGone().forEach(edit::remove);
    for (CommitFile file : read.files()) {
      changed.add(file.path());
      edit.put(file.path(), parse(file));
    }
    for (SkippedFile skipped : read.skipped()) {
      changed.add(skipped.path());
      edit.put(skipped.path(), notRead(skipped));
    }
    SpecSet after = edit.build();
    specs = after;
    // The apps the changed files declared before or declare now.
    Set<AppRef> affected = new TreeSet<>();
    changed.forEach(path -> affected.addAll(before.appsOf(path)));
    changed.forEach(path -> affected.addAll(after.appsOf(path)));
    // Other replicas reconcile the apps of shards this one does not hold.
    affected.removeIf(app -> !owns.test(app));
    Map<AppRef, List<String>> untouched = after.untouched(affected);
    if (affected.stream().anyMatch(app -> after.spec(app) == null && !untouched.containsKey(app))
        || !allowance(run.snapshot).isNone()) {
      // The mass-prune guard weighs all removals of a commit together; pruned one app at a time, a
      // commit removing every spec would pass it app by app. Removals are rare: re-diffing all is
      // fine. A commit allowing prunes past the guard may change no spec at all: what the guard
      // held back is weighed again.
      return reconcileAll(run);
    }
    run.started(affected.size());
    for (AppRef app : affected) {
      if (run.stopRequested()) {
        return false;
      }
      run.finished(
          untouched.containsKey(app)
              ? reconciler.reportInvalid(app, untouched.get(app), run.trigger)
              : reconciler.reconcile(after.spec(app), run.snapshot.commit(), run.trigger));
    }
    return true;
  }

  /** Prunes the synced commit's message allows past the guards, with who allowed them. */
  private static PruneAllowance allowance(Snapshot snapshot) {
    String by = "commit " + snapshot.shortCommit();
    return PruneAllowance.fromCommitMessage(
        snapshot.message(), snapshot.author().isEmpty() ? by : by + " by " + snapshot.author());
  }

  /**
   * Looked at only when a trigger came during the run: fetches, and tells whether the branch moved
   * to a commit that a run must reconcile (specs changed, or prunes allowed). A move that changes
   * no spec does not stop the run; the next run publishes it.
   */
  private boolean newerCommitWaits(Snapshot syncing) {
    FetchResult fetched;
    try {
      fetched = mirror.fetch();
    } catch (GitFetchException e) {
      return false;
    }
    if (!fetched.moved() || fetched.current().commit().equals(syncing.commit())) {
      return false;
    }
    boolean specsChanged =
        !(fetched.changes() instanceof ChangedPaths.Files files) || !files.changes().isEmpty();
    return specsChanged || !allowance(fetched.current()).isNone();
  }

  /** One run's progress: each app's result goes to the status and the progress at once. */
  private final class Run implements RevisionProgress {
    private final Snapshot snapshot;
    private final Trigger trigger;
    private final SyncCoordinator.RunSignals signals;
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private long triggersSeen;
    private int done;
    private int total;
    private String stopReason = "";

    Run(Snapshot snapshot, Trigger trigger, SyncCoordinator.RunSignals signals, long triggers) {
      this.snapshot = snapshot;
      this.trigger = trigger;
      this.signals = signals;
      this.triggersSeen = triggers;
    }

    @Override
    public void started(int apps) {
      total = apps;
      progress.started(snapshot.commit(), trigger.label(), apps);
    }

    @Override
    public void finished(AppResult result) {
      SpecSet current = specs;
      boolean inGit =
          current.spec(result.app()) != null || current.invalid().containsKey(result.app());
      // An app removed from git and pruned leaves the status list; one whose prune is held stays
      // visible.
      if (!inGit && result instanceof AppResult.Synced) {
        status.forget(result.app());
      } else {
        status.record(result, snapshot.commit());
      }
      if (result instanceof AppResult.Synced synced) {
        driftMetrics.inSyncAt(synced, snapshot.commit());
      }
      outcomes.merge(result.status(), 1, Integer::sum);
      done++;
      progress.appDone();
    }

    @Override
    public void guardOverridden(GuardOverride override) {
      overrides.record(snapshot.commit(), override);
    }

    @Override
    public boolean owns(AppRef app) {
      return owns.test(app);
    }

    @Override
    public boolean stopRequested() {
      if (signals.closing()) {
        stopReason = "the daemon is shutting down";
        return true;
      }
      long received = signals.triggersReceived();
      if (received == triggersSeen) {
        return false;
      }
      triggersSeen = received;
      if (newerCommitWaits(snapshot)) {
        stopReason =
            "superseded by " + mirror.current().map(Snapshot::shortCommit).orElse("a newer commit");
        return true;
      }
      return false;
    }
  }

  private SpecParseResult parse(CommitFile file) {
    return parser.parse(List.of(new SpecFile(file.path(), file.content())));
  }

  private static SpecParseResult notRead(SkippedFile skipped) {
    return SpecParseResult.notRead(
        SpecError.error(
            new SourceLocation(skipped.path(), 1, 1), "", "file not read: " + skipped.reason()));
  }

  private static Trigger primary(SyncRequest request) {
    for (Trigger candidate :
        List.of(Trigger.WEBHOOK, Trigger.STARTUP, Trigger.RESYNC, Trigger.CLI, Trigger.POLL)) {
      if (request.triggers().contains(candidate)) {
        return candidate;
      }
    }
    return Trigger.POLL;
  }
}
