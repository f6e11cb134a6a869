package io.mooring.bench;

import io.mooring.gitsync.GitHttpServer;
import io.mooring.gitsync.RemoteRepo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A config repository on a real git server over HTTP, for the benchmarks: gitsync's own test
 * fixtures (a bare repository written straight into its object database, served by JGit's servlet
 * on loopback), reused from gitsync's test jar.
 */
public final class ServedConfigRepo implements AutoCloseable {
  private static final String NAME = "config.git";

  private final RemoteRepo repo;
  private final GitHttpServer server;

  private ServedConfigRepo(RemoteRepo repo, GitHttpServer server) {
    this.repo = repo;
    this.server = server;
  }

  /**
   * Commits {@code files} (path to content) as the first commit of {@code branch}, packed, and
   * serves it.
   */
  public static ServedConfigRepo create(Path dir, String branch, Map<String, String> files)
      throws Exception {
    RemoteRepo repo = RemoteRepo.create(dir, branch);
    try {
      RemoteRepo.Change change = repo.change();
      files.forEach(change::put);
      change.commit("all apps");
      // Hosted servers keep a bitmap index; without one every fetch walks the whole tree.
      repo.pack();
      GitHttpServer server = GitHttpServer.start();
      server.serve(NAME, repo.repository());
      return new ServedConfigRepo(repo, server);
    } catch (Exception e) {
      repo.close();
      throw e;
    }
  }

  public String uri() {
    return server.uri(NAME);
  }

  /** The branch's current commit id. */
  public String tip() throws IOException {
    return repo.tip();
  }

  /** Commits one file's new content on top of the tip; returns the commit id. */
  public String commit(String path, String content, String message) throws IOException {
    return repo.change().put(path, content).commit(message);
  }

  /** Commits several files' new content in one commit on top of the tip; returns its id. */
  public String commit(Map<String, String> files, String message) throws IOException {
    RemoteRepo.Change change = repo.change();
    files.forEach(change::put);
    return change.commit(message);
  }

  @Override
  public void close() throws IOException {
    try {
      server.close();
    } finally {
      repo.close();
    }
  }
}
