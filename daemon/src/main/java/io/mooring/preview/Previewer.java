package io.mooring.preview;

import io.mooring.core.reconcile.AppResult;
import io.mooring.core.reconcile.Reconciler;
import io.mooring.core.reconcile.Trigger;
import io.mooring.core.source.SpecSet;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.SourceLocation;
import io.mooring.core.spec.SpecError;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.forge.CommitState;
import io.mooring.forge.CommitStatus;
import io.mooring.forge.CommitStatusReporter;
import io.mooring.gitsync.CommitFile;
import io.mooring.gitsync.GitFetchException;
import io.mooring.gitsync.PullRequestFetcher;
import io.mooring.gitsync.SkippedFile;
import io.mooring.gitsync.SnapshotFiles;
import io.mooring.webhook.PullRequestEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Previews pull (merge) requests into the followed branch, one at a time on its own thread: fetch
 * the head, read its specs, diff every app it touches against the live cluster with a reconciler
 * that only observes (its writer refuses every write), then keep one comment per request and set a
 * {@code mooring/preview/<cluster>} status on the head (failure when a spec it touches is invalid).
 * Requests that arrive while one is previewed wait; a newer event of the same request replaces an
 * older one still waiting.
 */
public final class Previewer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Previewer.class);

  private final PullRequestFetcher fetcher;
  private final SpecParser parser;
  private final Reconciler observer;
  private final Supplier<SpecSet> synced;
  private final PreviewComments comments;
  private final CommitStatusReporter statuses;
  private final String cluster;
  private final String targetUrl;
  private final ExecutorService worker;
  // Guarded by this.
  private final Map<String, PullRequestEvent> waiting = new LinkedHashMap<>();
  private boolean busy;
  private long finished;

  /**
   * @param observer a reconciler in observe mode whose applier may not write
   * @param synced the specs of the revision the cluster was last synced with
   */
  public Previewer(
      PullRequestFetcher fetcher,
      SpecParser parser,
      Reconciler observer,
      Supplier<SpecSet> synced,
      io.mooring.forge.ForgeClient client,
      CommitStatusReporter statuses,
      String cluster,
      String targetUrl) {
    this.fetcher = fetcher;
    this.parser = parser;
    this.observer = observer;
    this.synced = synced;
    this.comments = new PreviewComments(client);
    this.statuses = statuses;
    this.cluster = cluster;
    this.targetUrl = targetUrl;
    this.worker =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "mooring-preview");
              thread.setDaemon(true);
              return thread;
            });
  }

  public String statusContext() {
    return "mooring/preview/" + cluster;
  }

  /** Queues a preview; returns at once. */
  public void submit(PullRequestEvent event) {
    synchronized (this) {
      waiting.put(event.provider().id() + "#" + event.number(), event);
    }
    statuses.report(
        new CommitStatus(
            event.headSha(), CommitState.PENDING, statusContext(), "previewing", targetUrl));
    worker.execute(this::drain);
  }

  /** Previews finished so far (tests wait on it). */
  public synchronized long finished() {
    return finished;
  }

  /** True when nothing is being previewed or waits. */
  public synchronized boolean idle() {
    return waiting.isEmpty() && !busy;
  }

  private void drain() {
    while (true) {
      PullRequestEvent next;
      synchronized (this) {
        var first = waiting.entrySet().iterator();
        if (!first.hasNext()) {
          return;
        }
        next = first.next().getValue();
        first.remove();
        busy = true;
      }
      try {
        publish(next, preview(next));
      } catch (RuntimeException e) {
        LOG.error("preview of request {} failed", next.number(), e);
      } finally {
        synchronized (this) {
          busy = false;
          finished++;
        }
      }
    }
  }

  /** Reads the head and diffs what it touches; never writes to the cluster. */
  PreviewReport preview(PullRequestEvent event) {
    PullRequestFetcher.Fetched fetched;
    SnapshotFiles files;
    try {
      fetched = fetcher.fetch(event.headRef());
      files = fetcher.specFiles(fetched.head());
    } catch (GitFetchException | IOException e) {
      return PreviewReport.failed(event.headSha(), e.getMessage());
    }
    SpecSet head = parse(files);
    Set<String> changedPaths = PreviewScope.paths(fetched.changes());
    List<AppPreview> apps = new ArrayList<>();
    for (AppRef app : PreviewScope.apps(synced.get(), head, changedPaths)) {
      apps.add(PreviewRisks.of(diff(app, head, fetched.head().commit())));
    }
    List<String> fileProblems = new ArrayList<>();
    head.fileProblems()
        .forEach(
            (path, problems) -> {
              boolean declaresNoApp = head.appsOf(path).isEmpty();
              if (declaresNoApp && (changedPaths == null || changedPaths.contains(path))) {
                fileProblems.add(path + ": " + problems.get(0));
              }
            });
    return new PreviewReport(fetched.head().commit(), apps, fileProblems, null);
  }

  private AppResult diff(AppRef app, SpecSet head, String revision) {
    AppSpec spec = head.spec(app);
    if (spec != null) {
      return observer.reconcile(spec, revision, Trigger.PREVIEW);
    }
    List<String> errors = head.invalid().get(app);
    if (errors != null) {
      return observer.reportInvalid(app, errors, Trigger.PREVIEW);
    }
    // Gone from the head: what the removal would prune or keep.
    return observer.reconcile(app, Trigger.PREVIEW);
  }

  private void publish(PullRequestEvent event, PreviewReport report) {
    String sha = report.headSha();
    CommitState state;
    String description;
    if (report.error() != null) {
      state = CommitState.ERROR;
      description = "the head could not be fetched; see the comment";
    } else if (report.invalid()) {
      state = CommitState.FAILURE;
      description = "invalid specs: " + invalidNames(report);
    } else {
      long changing = report.apps().stream().filter(a -> !"no change".equals(a.outcome())).count();
      state = CommitState.SUCCESS;
      description = changing + (changing == 1 ? " app changes" : " apps change") + " on merge";
    }
    try {
      comments.upsert(
          event.number(), PreviewMarkdown.marker(cluster), PreviewMarkdown.of(report, cluster));
    } catch (IOException e) {
      LOG.atWarn()
          .addKeyValue("request", event.number())
          .addKeyValue("error", e.getMessage())
          .log("preview comment not written");
    }
    statuses.report(new CommitStatus(sha, state, statusContext(), description, targetUrl));
    LOG.atInfo()
        .addKeyValue("request", event.number())
        .addKeyValue("head", sha)
        .addKeyValue("apps", report.apps().size())
        .addKeyValue("state", state)
        .log("preview published");
  }

  private static String invalidNames(PreviewReport report) {
    List<String> names = new ArrayList<>();
    report.apps().stream().filter(AppPreview::invalid).forEach(a -> names.add(a.app()));
    report.fileProblems().forEach(p -> names.add(p.substring(0, p.indexOf(':'))));
    return String.join(", ", names);
  }

  private SpecSet parse(SnapshotFiles files) {
    Map<String, SpecParseResult> parsed = new TreeMap<>();
    for (CommitFile file : files.files()) {
      parsed.put(file.path(), parser.parse(List.of(new SpecFile(file.path(), file.content()))));
    }
    for (SkippedFile skipped : files.skipped()) {
      parsed.put(
          skipped.path(),
          SpecParseResult.notRead(
              SpecError.error(
                  new SourceLocation(skipped.path(), 1, 1),
                  "",
                  "file not read: " + skipped.reason())));
    }
    return SpecSet.of(parsed);
  }

  @Override
  public void close() {
    worker.shutdownNow();
    fetcher.close();
  }
}
