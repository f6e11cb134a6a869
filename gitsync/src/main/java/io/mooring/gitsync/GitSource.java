package io.mooring.gitsync;

import java.util.Objects;
import org.eclipse.jgit.lib.Repository;

/**
 * The remote branch Mooring follows: where the repository is, which branch, the folder holding the
 * specs ({@code ""} for the whole repository) and how to authenticate.
 *
 * <p>{@link #toString()} and {@link #redactedUri()} never show credentials embedded in the URI.
 */
public record GitSource(String uri, String branch, String path, GitAuth auth) {

  public GitSource {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("git source: uri is required");
    }
    if (branch == null || branch.isBlank() || !Repository.isValidRefName("refs/heads/" + branch)) {
      throw new IllegalArgumentException(
          "git source: branch '" + branch + "' is not a valid branch name");
    }
    path = RepoPaths.normalizeFolder(path == null ? "" : path);
    auth = Objects.requireNonNullElse(auth, GitAuth.none());
  }

  public static GitSource of(String uri, String branch) {
    return new GitSource(uri, branch, "", GitAuth.none());
  }

  /** The full name of the tracked branch, e.g. {@code refs/heads/main}. */
  public String branchRef() {
    return "refs/heads/" + branch;
  }

  public String redactedUri() {
    return Redaction.uri(uri);
  }

  @Override
  public String toString() {
    return "GitSource[uri="
        + redactedUri()
        + ", branch="
        + branch
        + ", path="
        + path
        + ", auth="
        + auth
        + "]";
  }
}
