package io.mooring.gitsync;

import java.util.Objects;

/**
 * The outcome of a successful {@link GitMirror#fetch()}. {@code previous} is null when the mirror
 * had no commit of the branch yet. {@code forced} means the branch was rewritten: the old commit is
 * not an ancestor of the new one.
 */
public record FetchResult(
    Snapshot previous, Snapshot current, boolean moved, boolean forced, ChangedPaths changes) {
  public FetchResult {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(changes, "changes");
  }
}
