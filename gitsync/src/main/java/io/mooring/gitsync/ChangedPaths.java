package io.mooring.gitsync;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a move of the branch changed among the spec files. Either an exact list of file changes, or
 * {@link Everything} when no trustworthy base exists and every spec must be re-read.
 */
public sealed interface ChangedPaths {

  /** The commit the branch moved to. */
  String to();

  /**
   * The exact changes from {@code from} (an ancestor of {@code to}) to {@code to}; empty when none.
   */
  record Files(String from, String to, List<PathChange> changes) implements ChangedPaths {
    public Files {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      changes = List.copyOf(changes);
    }

    /** Paths whose new content must be read (added, modified, renamed-to). */
    public Set<String> pathsToRead() {
      Set<String> paths = new LinkedHashSet<>();
      changes.stream().filter(c -> c.newPath() != null).forEach(c -> paths.add(c.newPath()));
      return paths;
    }

    /** Paths that no longer hold a spec (deleted, renamed-from). */
    public Set<String> pathsGone() {
      Set<String> paths = new LinkedHashSet<>();
      changes.stream()
          .filter(c -> c.kind() == PathChange.Kind.DELETED || c.kind() == PathChange.Kind.RENAMED)
          .forEach(c -> paths.add(c.oldPath()));
      return paths;
    }
  }

  /**
   * Every spec may have changed: {@code from} is null (unknown) or not an ancestor of {@code to},
   * or the last read failed.
   */
  record Everything(String from, String to, Reason reason) implements ChangedPaths {
    public Everything {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(reason, "reason");
    }
  }

  enum Reason {
    /** No previous commit (first clone) or the previous commit is no longer in the mirror. */
    UNKNOWN_BASE,
    /**
     * The previous commit is not an ancestor of the new one: the branch was rewritten (force-push).
     */
    NOT_ANCESTOR,
    /**
     * A read of the mirror failed and none has succeeded since: whatever the caller last read may
     * be incomplete.
     */
    READ_FAILED
  }
}
