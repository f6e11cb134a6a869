package io.mooring.daemon;

import io.mooring.gitsync.GitHttpServer;
import io.mooring.gitsync.RemoteRepo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.RefUpdate;

/**
 * The team's config repository for daemon tests: a real bare repository holding some of the
 * project's {@code examples/apps} under {@code apps/}, served over git's smart HTTP protocol on
 * loopback.
 */
public final class ConfigRepository implements AutoCloseable {
  public static final String BRANCH = "main";
  public static final String SPEC_FOLDER = "apps";
  private static final Path EXAMPLES = locateExamples();

  private final RemoteRepo repo;
  private final GitHttpServer server;

  private ConfigRepository(RemoteRepo repo, GitHttpServer server) {
    this.repo = repo;
    this.server = server;
  }

  /**
   * A repository whose first commit holds the given example files ({@code
   * default/redis-replicated.yaml} ...), or every example when none is named.
   */
  public static ConfigRepository withExamples(Path dir, String... examples) throws Exception {
    RemoteRepo repo = RemoteRepo.create(dir.resolve("config.git"), BRANCH);
    RemoteRepo.Change first = repo.change();
    for (String example : examples.length == 0 ? allExamples() : List.of(examples)) {
      first.put(SPEC_FOLDER + "/" + example, example(example));
    }
    first.commit("Initial apps");
    GitHttpServer server = GitHttpServer.start();
    server.serve("config", repo.repository());
    return new ConfigRepository(repo, server);
  }

  /** A repository whose first commit holds the given files under {@code apps/}, by path there. */
  public static ConfigRepository withFiles(Path dir, Map<String, String> files) throws Exception {
    RemoteRepo repo = RemoteRepo.create(dir.resolve("config.git"), BRANCH);
    RemoteRepo.Change first = repo.change();
    files.forEach((path, content) -> first.put(SPEC_FOLDER + "/" + path, content));
    first.commit("Initial apps");
    GitHttpServer server = GitHttpServer.start();
    server.serve("config", repo.repository());
    return new ConfigRepository(repo, server);
  }

  /** The content of a file of the project's {@code examples/apps}. */
  /** A one-pod Redis spec without auth: the cheapest app to render and apply, for tests of many. */
  public static String smallRedis(String namespace, String name) {
    return """
        apiVersion: apps.cozystack.io/v1alpha1
        kind: Redis
        metadata:
          name: %s
          namespace: %s
        spec:
          replicas: 1
          authEnabled: false
        """
        .formatted(name, namespace);
  }

  public static String example(String relativePath) {
    try {
      return Files.readString(EXAMPLES.resolve(relativePath), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return server.uri("config");
  }

  /** Commits one file under {@code apps/} and returns the new commit's id. */
  public String commit(String relativePath, String content, String message) throws IOException {
    return repo.change().put(SPEC_FOLDER + "/" + relativePath, content).commit(message);
  }

  /** Commits files written and files removed under {@code apps/} as one commit; returns its id. */
  public String commit(Map<String, String> written, Collection<String> removed, String message)
      throws IOException {
    RemoteRepo.Change change = repo.change();
    written.forEach((path, content) -> change.put(SPEC_FOLDER + "/" + path, content));
    removed.forEach(path -> change.delete(SPEC_FOLDER + "/" + path));
    return change.commit(message);
  }

  /** Commits the removal of files under {@code apps/}. */
  public String delete(List<String> relativePaths, String message) throws IOException {
    RemoteRepo.Change change = repo.change();
    relativePaths.forEach(path -> change.delete(SPEC_FOLDER + "/" + path));
    return change.commit(message);
  }

  /**
   * A pull request's head as the git host keeps it: a commit on top of the branch's tip, reachable
   * only through {@code ref} (e.g. {@code refs/pull/7/head}); the branch itself does not move.
   * Returns the head commit's id.
   */
  public String pullRequest(
      String ref, Map<String, String> written, Collection<String> removed, String message)
      throws IOException {
    String base = tip();
    String head = commit(written, removed, message);
    RefUpdate pull = repo.repository().updateRef(ref);
    pull.setNewObjectId(org.eclipse.jgit.lib.ObjectId.fromString(head));
    pull.setForceUpdate(true);
    pull.update();
    RefUpdate branch = repo.repository().updateRef("refs/heads/" + BRANCH);
    branch.setNewObjectId(org.eclipse.jgit.lib.ObjectId.fromString(base));
    branch.setForceUpdate(true);
    branch.update();
    return head;
  }

  public String tip() throws IOException {
    return repo.tip();
  }

  /** Deletes the branch, as {@code git push --delete} does; the next commit starts it afresh. */
  public void deleteBranch() throws IOException {
    RefUpdate update = repo.repository().updateRef("refs/heads/" + BRANCH);
    update.setForceUpdate(true);
    update.delete();
  }

  /** The git server goes down, as a remote that became unreachable; the repository stays. */
  public void stopServing() throws IOException {
    server.close();
  }

  @Override
  public void close() throws IOException {
    try {
      server.close();
    } finally {
      repo.close();
    }
  }

  public static List<String> allExamples() {
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .map(f -> EXAMPLES.relativize(f).toString().replace('\\', '/'))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path locateExamples() {
    // Tests run in the module folder; the examples live beside the modules.
    for (Path candidate : List.of(Path.of("../examples/apps"), Path.of("examples/apps"))) {
      if (Files.isDirectory(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("examples/apps not found from " + Path.of("").toAbsolutePath());
  }
}
