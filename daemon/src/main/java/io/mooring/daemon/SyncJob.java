package io.mooring.daemon;

import io.mooring.core.reconcile.AppResult;
import io.mooring.core.reconcile.ReconcileReport;
import io.mooring.core.reconcile.Reconciler;
import io.mooring.core.reconcile.Trigger;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.SourceLocation;
import io.mooring.core.spec.SpecError;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.gitsync.ChangedPaths;
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
import java.util.LinkedHashMap;
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
 * drifted it costs no API write.
 */
public final class SyncJob implements Consumer<SyncRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(SyncJob.class);

  private final GitMirror mirror;
  private final SpecParser parser;
  private final Reconciler reconciler;
  private final SpecIndex index;
  private final AppStatusStore status;
  private final DaemonMetrics metrics;
  private final ManagedApps managed;
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
      SpecIndex index,
      AppStatusStore status,
      DaemonMetrics metrics,
      ManagedApps managed) {
    this.mirror = mirror;
    this.parser = parser;
    this.reconciler = reconciler;
    this.index = index;
    this.status = status;
    this.metrics = metrics;
    this.managed = managed;
  }

  /** The commit the cluster was last reconciled with; null before the first sync. */
  public String revision() {
    return revision;
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
      revision = snapshot.commit();
      Set<AppRef> inGit = index.allApps();
      for (AppResult result : results) {
        // An app removed from git and pruned leaves the status list; one whose prune is held stays
        // visible.
        if (!inGit.contains(result.app()) && result instanceof AppResult.Synced) {
          status.forget(result.app());
        } else {
          status.record(result, snapshot.commit());
        }
      }
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
      outcomes(results).forEach(line::addKeyValue);
      line.log("sync finished");
    } catch (IOException e) {
      LOG.atError()
          .addKeyValue("revision", snapshot.commit())
          .addKeyValue("error", e.getMessage())
          .log("reading specs failed");
    }
  }

  private List<AppResult> full(Snapshot snapshot, Trigger trigger) throws IOException {
    SnapshotFiles files = mirror.specFiles(snapshot);
    Set<String> present = new TreeSet<>();
    files
        .files()
        .forEach(
            file -> {
              present.add(file.path());
              index.put(file.path(), parse(file));
            });
    files
        .skipped()
        .forEach(
            skipped -> {
              present.add(skipped.path());
              index.put(skipped.path(), skippedResult(skipped));
            });
    index.paths().stream().filter(path -> !present.contains(path)).forEach(index::remove);
    Map<AppRef, List<String>> invalid = new LinkedHashMap<>(index.invalid());
    if (!index.removalsAreKnown()) {
      for (AppRef app : managed.get()) {
        if (index.spec(app) == null) {
          invalid.putIfAbsent(app, List.of(unreadable()));
        }
      }
    }
    ReconcileReport report =
        reconciler.reconcileAll(snapshot.commit(), index.validSpecs(), invalid, trigger);
    return report.results();
  }

  private List<AppResult> incremental(
      Snapshot snapshot, ChangedPaths.Files changes, Trigger trigger) throws IOException {
    Set<AppRef> affected = new TreeSet<>();
    for (String gone : changes.pathsGone()) {
      affected.addAll(index.appsOf(gone));
      index.remove(gone);
    }
    SnapshotFiles read = mirror.specFiles(snapshot, changes.pathsToRead());
    for (io.mooring.gitsync.SpecFile file : read.files()) {
      affected.addAll(index.appsOf(file.path()));
      index.put(file.path(), parse(file));
      affected.addAll(index.appsOf(file.path()));
    }
    for (SkippedFile skipped : read.skipped()) {
      affected.addAll(index.appsOf(skipped.path()));
      index.put(skipped.path(), skippedResult(skipped));
    }
    Map<AppRef, List<String>> invalid = index.invalid();
    if (index.removalsAreKnown()
        && affected.stream()
            .anyMatch(app -> index.spec(app) == null && !invalid.containsKey(app))) {
      // The mass-prune guard weighs all removals of a commit together; pruned one app at a time, a
      // commit removing every spec would pass it app by app. Removals are rare: re-diffing all is
      // fine.
      return full(snapshot, trigger);
    }
    List<AppResult> results = new ArrayList<>();
    for (AppRef app : affected) {
      AppSpec spec = index.spec(app);
      if (invalid.containsKey(app)) {
        results.add(reconciler.reportInvalid(app, invalid.get(app), trigger));
      } else if (spec != null) {
        results.add(reconciler.reconcile(spec, snapshot.commit(), trigger));
      } else if (index.removalsAreKnown()) {
        results.add(reconciler.reconcile(app, trigger));
      } else {
        results.add(reconciler.reportInvalid(app, List.of(unreadable()), trigger));
      }
    }
    return results;
  }

  private SpecParseResult parse(io.mooring.gitsync.SpecFile file) {
    return parser.parse(List.of(new SpecFile(file.path(), file.content())));
  }

  private static SpecParseResult skippedResult(SkippedFile skipped) {
    SpecError error =
        SpecError.error(
            new SourceLocation(skipped.path(), 1, 1), "", "file not read: " + skipped.reason());
    return new SpecParseResult(
        List.of(), List.of(error), List.of(), Set.of(), Set.of(skipped.path()), 0);
  }

  private String unreadable() {
    return "not pruned: these files cannot be read, so whether the app was removed is unknown: "
        + String.join(", ", index.unreadableFiles());
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
