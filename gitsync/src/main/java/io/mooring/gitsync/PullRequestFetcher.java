package io.mooring.gitsync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * Fetches the head of a pull or merge request ({@code refs/pull/N/head}, {@code
 * refs/merge-requests/N/head}) with the followed branch into a bare repository of its own, apart
 * from the sync's mirror (so a preview never waits for a sync nor moves what it reads), and tells
 * which spec files the request changes: those between the merge base and the head, as the host's
 * own "files changed" tab shows them. One thread at a time.
 */
public final class PullRequestFetcher implements AutoCloseable {
  private static final String DIR = "previews.git";
  private static final String SSH_DIR = "ssh-previews";

  private final GitSource source;
  private final Path workDir;
  private final MirrorOptions options;
  private final Repository repository;

  /** What a request would change, ready to be read. */
  public record Fetched(Snapshot head, String mergeBase, ChangedPaths changes) {}

  private PullRequestFetcher(
      GitSource source, Path workDir, MirrorOptions options, Repository repository) {
    this.source = source;
    this.workDir = workDir;
    this.options = options;
    this.repository = repository;
  }

  public static PullRequestFetcher open(GitSource source, Path workDir, MirrorOptions options)
      throws IOException {
    Files.createDirectories(workDir);
    return new PullRequestFetcher(
        source,
        workDir,
        options,
        MirrorDirectory.open(workDir.resolve(DIR), source, options.maxFileBytes()));
  }

  /**
   * Fetches {@code headRef} and the followed branch; a head that moved on since the event is
   * previewed as it is now.
   *
   * @throws GitFetchException with a message free of credentials
   */
  public Fetched fetch(String headRef) throws GitFetchException {
    String local = "refs/mooring/preview/" + headRef.replaceAll("[^A-Za-z0-9/_-]", "_");
    String branch = source.branchRef();
    String secret = null;
    try (TransportAuth auth = TransportAuth.prepare(source.auth(), workDir.resolve(SSH_DIR))) {
      secret = auth.secret();
      Git.wrap(repository)
          .fetch()
          .setRemote(source.uri())
          .setRefSpecs(
              new RefSpec("+" + branch + ":" + branch), new RefSpec("+" + headRef + ":" + local))
          .setTagOpt(TagOpt.NO_TAGS)
          .setTimeout((int) Math.max(1, options.fetchTimeout().toSeconds()))
          .setCredentialsProvider(auth.credentials())
          .setTransportConfigCallback(auth.callback())
          .call();
      ObjectId head = repository.resolve(local);
      ObjectId base = repository.resolve(branch);
      if (head == null || base == null) {
        throw new GitFetchException(
            "the remote has no " + (head == null ? headRef : "branch " + source.branch()));
      }
      try (RevWalk walk = new RevWalk(repository)) {
        RevCommit headCommit = walk.parseCommit(head);
        String mergeBase = mergeBase(walk, headCommit, walk.parseCommit(base));
        ChangedPaths changes =
            new ChangeDetector(repository, source.path()).between(mergeBase, headCommit.name());
        return new Fetched(snapshot(headCommit), mergeBase, changes);
      }
    } catch (GitAuthException | GitAPIException | IOException | JGitInternalException e) {
      String message = e.getMessage();
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause.getMessage() != null && !message.contains(cause.getMessage())) {
          message += ": " + cause.getMessage();
        }
      }
      throw new GitFetchException(Redaction.message(message, secret));
    }
  }

  /** Every spec file of the fetched head. */
  public SnapshotFiles specFiles(Snapshot head) throws IOException {
    return new CommitFileReader(repository, source.path(), options.maxFileBytes()).readAll(head);
  }

  private static String mergeBase(RevWalk walk, RevCommit head, RevCommit base) throws IOException {
    walk.reset();
    walk.setRevFilter(RevFilter.MERGE_BASE);
    walk.markStart(head);
    walk.markStart(base);
    RevCommit found = walk.next();
    walk.reset();
    walk.setRevFilter(RevFilter.ALL);
    return found == null ? null : found.name();
  }

  private static Snapshot snapshot(RevCommit commit) {
    PersonIdent author = commit.getAuthorIdent();
    return new Snapshot(
        commit.name(),
        Instant.ofEpochSecond(commit.getCommitTime()),
        commit.getFullMessage().strip(),
        author.getName() + " <" + author.getEmailAddress() + ">");
  }

  @Override
  public void close() {
    repository.close();
  }
}
