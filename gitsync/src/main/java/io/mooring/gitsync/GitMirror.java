package io.mooring.gitsync;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A bare mirror of one branch of the config repository, kept in a working directory.
 *
 * <p>{@link #fetch()} brings the branch to what the remote says (force-pushes included) and tells
 * what changed; when it fails the last good snapshot stays current and {@link #status()} says why.
 * Fetches and reads must come from one thread at a time; {@link #status()} and {@link #current()}
 * may be called from any thread.
 */
public final class GitMirror implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GitMirror.class);
  private static final String MIRROR_DIR = "mirror.git";
  private static final String SSH_DIR = "ssh";

  private final GitSource source;
  private final Path workDir;
  private final MirrorOptions options;
  private final GitMetrics metrics;
  private volatile Repository repository;
  private volatile MirrorStatus status;

  /**
   * Set when a read of the mirror failed, until one succeeds: the failure stays reported, fetches
   * tell the caller to read everything again and clone the mirror afresh (see {@link
   * RecloneBackoff}).
   */
  private volatile boolean readFailed;

  private GitMirror(
      GitSource source,
      Path workDir,
      MirrorOptions options,
      GitMetrics metrics,
      Repository repository)
      throws IOException {
    this.source = source;
    this.workDir = workDir;
    this.options = options;
    this.metrics = metrics;
    this.repository = repository;
    this.status = MirrorStatus.initial(source, snapshotOfBranch(repository, source.branchRef()));
  }

  /**
   * Opens (or creates) the mirror of {@code source} in {@code workDir}. No network access: a mirror
   * kept from a previous run makes its commit current at once; a new one is filled by the first
   * {@link #fetch()}.
   */
  public static GitMirror open(
      GitSource source, Path workDir, MirrorOptions options, MeterRegistry registry)
      throws IOException {
    Files.createDirectories(workDir);
    Repository repository =
        MirrorDirectory.open(workDir.resolve(MIRROR_DIR), source, options.maxFileBytes());
    try {
      return new GitMirror(source, workDir, options, new GitMetrics(registry), repository);
    } catch (IOException | RuntimeException e) {
      repository.close();
      throw e;
    }
  }

  public GitSource source() {
    return source;
  }

  /** The last good snapshot; empty until the branch has been fetched once. */
  public Optional<Snapshot> current() {
    return Optional.ofNullable(status.current());
  }

  public MirrorStatus status() {
    return status;
  }

  /** Fetches the tracked branch only and reports how it moved. */
  public FetchResult fetch() throws GitFetchException {
    long started = System.nanoTime();
    String secret = null;
    try (TransportAuth auth = TransportAuth.prepare(source.auth(), workDir.resolve(SSH_DIR))) {
      secret = auth.secret();
      FetchResult result = fetchRepairing(auth);
      Instant now = options.clock().instant();
      int failuresBefore = status.consecutiveFailures();
      setStatus(
          readFailed
              ? status.fetchedUnread(result.current(), now)
              : status.succeeded(result.current(), now));
      metrics.success(Duration.ofNanos(System.nanoTime() - started), now);
      if (failuresBefore > 0) {
        LOG.info(
            "Fetch of branch {} from {} works again after {} failed attempt(s)",
            source.branch(),
            source.redactedUri(),
            failuresBefore);
      }
      logMove(result);
      return readFailed ? readEverything(result) : result;
    } catch (GitAuthException | GitAPIException | IOException | JGitInternalException e) {
      String message = Redaction.message(describe(e), secret);
      MirrorStatus before = status;
      MirrorStatus failed = before.failed(message, options.clock().instant());
      setStatus(failed);
      metrics.failure(Duration.ofNanos(System.nanoTime() - started));
      logFailure(failed, !message.equals(before.lastError()));
      throw new GitFetchException(message);
    }
  }

  /**
   * A remote that stays broken (a deleted branch, a revoked token) fails every poll: the first
   * failure and every change of the error are warnings, the repeats only debug lines. The count is
   * in {@code mooring_git_consecutive_failures}; the recovery is logged once too.
   */
  private void logFailure(MirrorStatus failed, boolean newError) {
    LOG.atLevel(newError ? Level.WARN : Level.DEBUG)
        .log(
            "Fetch of branch {} from {} failed ({} in a row); keeping {}: {}",
            source.branch(),
            source.redactedUri(),
            failed.consecutiveFailures(),
            failed.current() == null ? "no snapshot" : failed.current().shortCommit(),
            failed.lastError());
  }

  /**
   * Every spec file ({@code *.yaml}, {@code *.yml} under the source's path) of a snapshot.
   *
   * @throws IOException when the mirror cannot be read (damaged on disk); this counts as a git
   *     failure in {@link #status()} and the metrics, and the mirror is cloned afresh by a coming
   *     {@link #fetch()}
   */
  public SnapshotFiles specFiles(Snapshot snapshot) throws IOException {
    return read(snapshot, true, reader -> reader.readAll(snapshot));
  }

  /**
   * Only the given spec files of a snapshot, e.g. those a fetch changed; paths absent there are
   * left out. Failures are handled as in {@link #specFiles(Snapshot)}.
   */
  public SnapshotFiles specFiles(Snapshot snapshot, Collection<String> paths) throws IOException {
    return read(snapshot, false, reader -> reader.readPaths(snapshot, paths));
  }

  @Override
  public void close() {
    metrics.close();
    repository.close();
  }

  @FunctionalInterface
  private interface Read {
    SnapshotFiles from(CommitFileReader reader) throws IOException;
  }

  /** Only a whole snapshot read without error shows a mirror that failed a read to be whole. */
  private SnapshotFiles read(Snapshot snapshot, boolean whole, Read read) throws IOException {
    SnapshotFiles files;
    try {
      files = read.from(new CommitFileReader(repository, source.path(), options.maxFileBytes()));
    } catch (IOException e) {
      // A pack whose bytes were damaged still lists its objects: only reading them tells, and
      // nothing but a fresh clone mends it.
      readFailed = true;
      String message =
          "cannot read commit "
              + snapshot.shortCommit()
              + " from the mirror, which will be cloned afresh: "
              + Redaction.message(describe(e));
      setStatus(status.failed(message, options.clock().instant()));
      throw new IOException(message, e);
    }
    if (readFailed && whole) {
      readFailed = false;
      setStatus(status.readAgain());
      LOG.info("Mirror of {} is readable again", source.redactedUri());
    }
    return files;
  }

  private void setStatus(MirrorStatus next) {
    status = next;
    metrics.failuresInARow(next.consecutiveFailures());
  }

  /**
   * The caller's last read failed, so what it holds may be incomplete: a move it was told about is
   * not enough.
   */
  private static FetchResult readEverything(FetchResult result) {
    if (result.changes() instanceof ChangedPaths.Everything) {
      return result;
    }
    Snapshot previous = result.previous();
    return new FetchResult(
        previous,
        result.current(),
        result.moved(),
        result.forced(),
        new ChangedPaths.Everything(
            previous == null ? null : previous.commit(),
            result.current().commit(),
            ChangedPaths.Reason.READ_FAILED));
  }

  /**
   * Damage shows as a failed fetch or a failed read; JGit's caches can hide it from a fetch that
   * succeeds. After a failed read the mirror is cloned afresh (backing off when that does not
   * help); after a failed fetch, when the mirror on disk is damaged too.
   */
  private FetchResult fetchRepairing(TransportAuth auth) throws GitAPIException, IOException {
    if (readFailed && RecloneBackoff.due(status.consecutiveFailures())) {
      LOG.warn(
          "Mirror of {} could not be read ({} failure(s) in a row); cloning it afresh",
          source.redactedUri(),
          status.consecutiveFailures());
      return recloneBeside(auth);
    }
    try {
      return fetchOnce(auth);
    } catch (GitAPIException | IOException | JGitInternalException e) {
      if (MirrorDirectory.isIntact(workDir.resolve(MIRROR_DIR), source, options.maxFileBytes())) {
        throw e;
      }
      LOG.warn("Mirror of {} is damaged; cloning it afresh", source.redactedUri());
      return recloneBeside(auth);
    }
  }

  /**
   * The damaged mirror is only replaced once the new clone succeeded: a remote that is also down
   * costs nothing.
   */
  private FetchResult recloneBeside(TransportAuth auth) throws GitAPIException, IOException {
    Path fresh = workDir.resolve(MIRROR_DIR + ".new");
    Repository damaged = repository;
    repository = MirrorDirectory.recreate(fresh, source);
    boolean cloned = false;
    try {
      FetchResult result = fetchOnce(auth);
      cloned = true;
      return result;
    } finally {
      repository.close();
      if (cloned) {
        damaged.close();
        repository = MirrorDirectory.replace(workDir.resolve(MIRROR_DIR), fresh);
      } else {
        MirrorDirectory.delete(fresh);
        repository = damaged;
      }
    }
  }

  private FetchResult fetchOnce(TransportAuth auth) throws GitAPIException, IOException {
    String ref = source.branchRef();
    // One explicit, forced refspec: only this branch is transferred, and a rewritten branch
    // replaces ours.
    Git.wrap(repository)
        .fetch()
        .setRemote(source.uri())
        .setRefSpecs(new RefSpec("+" + ref + ":" + ref))
        .setTagOpt(TagOpt.NO_TAGS)
        .setRemoveDeletedRefs(false)
        .setTimeout((int) Math.max(1, options.fetchTimeout().toSeconds()))
        .setCredentialsProvider(auth.credentials())
        .setTransportConfigCallback(auth.callback())
        .call();
    Snapshot fetched = snapshotOfBranch(repository, ref);
    if (fetched == null) {
      throw new IOException(
          "branch " + source.branch() + " is missing from the mirror after a fetch");
    }
    Snapshot previous = status.current();
    // The base is the last snapshot handed out, not our ref: if a caller never saw a fetch, it
    // still gets its changes.
    String from = previous == null ? null : previous.commit();
    ChangedPaths changes =
        new ChangeDetector(repository, source.path()).between(from, fetched.commit());
    boolean moved = previous == null || !previous.commit().equals(fetched.commit());
    boolean forced =
        changes instanceof ChangedPaths.Everything everything
            && everything.reason() == ChangedPaths.Reason.NOT_ANCESTOR;
    return new FetchResult(previous, fetched, moved, forced, changes);
  }

  private void logMove(FetchResult result) {
    String target = result.current().shortCommit() + " \"" + result.current().subject() + "\"";
    if (result.forced()) {
      LOG.warn(
          "Branch {} of {} was force-pushed: {} is not an ancestor of {}; every spec will be re-read",
          source.branch(),
          source.redactedUri(),
          result.previous().shortCommit(),
          target);
    } else if (result.moved()) {
      String count =
          result.changes() instanceof ChangedPaths.Files files
              ? files.changes().size() + " spec file(s) changed"
              : "first snapshot";
      LOG.info(
          "Branch {} of {} is at {} ({})", source.branch(), source.redactedUri(), target, count);
    } else {
      LOG.debug("Branch {} of {} unchanged at {}", source.branch(), source.redactedUri(), target);
    }
  }

  private static Snapshot snapshotOfBranch(Repository repository, String ref) throws IOException {
    Ref branch = repository.exactRef(ref);
    if (branch == null) {
      return null;
    }
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(branch.getObjectId());
      PersonIdent author = commit.getAuthorIdent();
      return new Snapshot(
          commit.name(),
          Instant.ofEpochSecond(commit.getCommitTime()),
          commit.getFullMessage().strip(),
          author.getName() + " <" + author.getEmailAddress() + ">");
    }
  }

  /** JGit often wraps the useful part ("Connection refused", "not authorized") in a cause. */
  private static String describe(Exception e) {
    StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      String text = cause.getMessage();
      if (text != null && message.indexOf(text) < 0) {
        message.append(": ").append(text);
      }
    }
    return message.toString();
  }
}
