package io.mooring.gitsync;

import java.util.Objects;

/**
 * One spec file that differs between two commits. {@code oldPath} is null for an addition, {@code
 * newPath} null for a deletion; a rename carries both.
 */
public record PathChange(Kind kind, String oldPath, String newPath) {

  public enum Kind {
    ADDED,
    MODIFIED,
    DELETED,
    RENAMED
  }

  public PathChange {
    Objects.requireNonNull(kind, "kind");
    boolean needsOld = kind != Kind.ADDED;
    boolean needsNew = kind != Kind.DELETED;
    if (needsOld != (oldPath != null) || needsNew != (newPath != null)) {
      throw new IllegalArgumentException(kind + " change with old=" + oldPath + " new=" + newPath);
    }
  }

  public static PathChange added(String path) {
    return new PathChange(Kind.ADDED, null, path);
  }

  public static PathChange modified(String path) {
    return new PathChange(Kind.MODIFIED, path, path);
  }

  public static PathChange deleted(String path) {
    return new PathChange(Kind.DELETED, path, null);
  }

  public static PathChange renamed(String from, String to) {
    return new PathChange(Kind.RENAMED, from, to);
  }
}
