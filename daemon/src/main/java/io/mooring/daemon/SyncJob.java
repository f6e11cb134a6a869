package io.mooring.daemon;

import io.mooring.core.reconcile.AppResult;
import io.mooring.core.reconcile.Reconciler;
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
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One sync run: fetch the branch, re-read only what git says changed, and reconcile only the apps
 * those files declare (or declared). A full resync re-reads and re-diffs everything; with nothing
 * drifted it costs no API write. After each run the status holds every app some file declares or
 * that has live objects, and every spec file that cannot be used (logged when its problems change).
 */
public final class SyncJob implements Consumer<SyncRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(SyncJob.class);

  private final GitMirror mirror;
  private final SpecParser parser;
  private final Reconciler reconciler;
  private final AppStatusStore status;
  private final DaemonMetrics metrics;
  private final ManagedApps managed;
  // Replaced whole by the sync worker, read by the drift watcher: an immutable snapshot.
  private volatile SpecSet specs = SpecSet.empty();
  private volatile String revision;
  private volatile boolean synced;

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
      ManagedApps managed) {
    this.mirror = mirror;
    this.parser = parser;
    this.reconciler = reconciler;
    this.status = status;
    this.metrics = metrics;
    this.managed = managed;
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
  public void accept(SyncRequest request) {
    Trigger trigger = primary(request);
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
    boolean everything = fetched != null && fetched.changes() instanceof ChangedPaths.Everything;
    SpecSet before = specs;
    try {
      List<AppResult> results;
      if (!synced || request.fullResync() || everything) {
        results = full(snapshot, trigger);
      } else if (fetched != null
          && fetched.moved()
          && fetched.changes() instanceof ChangedPaths.Files files) {
        results = incremental(snapshot, files, trigger);
      } else {
        results = List.of();
      }
      Set<AppRef> inGit = specs.allApps();
      for (AppResult result : results) {
        // An app removed from git and pruned leaves the status list; one whose prune is held stays
        // visible.
        if (!inGit.contains(result.app()) && result instanceof AppResult.Synced) {
          status.forget(result.app());
        } else {
          status.record(result, snapshot.commit());
        }
      }
      forgetAppsNoFileDeclares(inGit);
      publishFileProblems(before);
      // Published after the statuses: whoever sees the new revision sees what it did to each app.
      revision = snapshot.commit();
      synced = true;
      if (fetched != null) {
        // A run on the last good snapshot after a failed fetch did not read git: it is no
        // successful sync.
        metrics.syncSucceeded();
      }
      if (request.firstWebhookNanos() != 0) {
        metrics.pushApplied(Duration.ofNanos(System.nanoTime() - request.firstWebhookNanos()));
      }
      LoggingEventBuilder line =
          LOG.atInfo()
              .addKeyValue("trigger", trigger.label())
              .addKeyValue("revision", snapshot.commit())
              .addKeyValue("apps", results.size());
      for (Map.Entry<String, Integer> outcome : outcomes(results).entrySet()) {
        line = line.addKeyValue(outcome.getKey(), outcome.getValue());
      }
      line.log("sync finished");
    } catch (IOException e) {
      LOG.atError()
          .addKeyValue("revision", snapshot.commit())
          .addKeyValue("error", e.getMessage())
          .log("reading specs failed");
    }
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

  private List<AppResult> full(Snapshot snapshot, Trigger trigger) throws IOException {
    SnapshotFiles read = mirror.specFiles(snapshot);
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
    return reconcileAll(snapshot, trigger);
  }

  /** Every app in git, those left untouched and every managed app without a spec. */
  private List<AppResult> reconcileAll(Snapshot snapshot, Trigger trigger) {
    SpecSet current = specs;
    return reconciler
        .reconcileAll(
            snapshot.commit(), current.validSpecs(), current.untouched(managed.get()), trigger)
        .results();
  }

  private List<AppResult> incremental(
      Snapshot snapshot, ChangedPaths.Files changes, Trigger trigger) throws IOException {
    SnapshotFiles read = mirror.specFiles(snapshot, changes.pathsToRead());
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
    Map<AppRef, List<String>> untouched = after.untouched(affected);
    if (affected.stream().anyMatch(app -> after.spec(app) == null && !untouched.containsKey(app))) {
      // The mass-prune guard weighs all removals of a commit together; pruned one app at a time, a
      // commit removing every spec would pass it app by app. Removals are rare: re-diffing all is
      // fine.
      return reconcileAll(snapshot, trigger);
    }
    List<AppResult> results = new ArrayList<>();
    for (AppRef app : affected) {
      if (untouched.containsKey(app)) {
        results.add(reconciler.reportInvalid(app, untouched.get(app), trigger));
      } else {
        results.add(reconciler.reconcile(after.spec(app), snapshot.commit(), trigger));
      }
    }
    return results;
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

  /** How many apps had each outcome, e.g. {@code synced=3 invalid=1}. */
  private static Map<String, Integer> outcomes(List<AppResult> results) {
    Map<String, Integer> counts = new TreeMap<>();
    results.forEach(result -> counts.merge(result.status(), 1, Integer::sum));
    return counts;
  }
}
