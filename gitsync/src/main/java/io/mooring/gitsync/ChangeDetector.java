package io.mooring.gitsync;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/** Computes {@link ChangedPaths} between two commits of the mirror, restricted to spec files. */
final class ChangeDetector {

  private final Repository repository;
  private final String folder;

  ChangeDetector(Repository repository, String folder) {
    this.repository = repository;
    this.folder = folder;
  }

  ChangedPaths between(String from, String to) throws IOException {
    if (from == null) {
      return new ChangedPaths.Everything(null, to, ChangedPaths.Reason.UNKNOWN_BASE);
    }
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit target = walk.parseCommit(ObjectId.fromString(to));
      RevCommit base;
      try {
        base = walk.parseCommit(ObjectId.fromString(from));
      } catch (MissingObjectException e) {
        return new ChangedPaths.Everything(from, to, ChangedPaths.Reason.UNKNOWN_BASE);
      }
      if (base.equals(target)) {
        return new ChangedPaths.Files(from, to, List.of());
      }
      if (!walk.isMergedInto(base, target)) {
        return new ChangedPaths.Everything(from, to, ChangedPaths.Reason.NOT_ANCESTOR);
      }
      return new ChangedPaths.Files(from, to, specChanges(base, target));
    }
  }

  private List<PathChange> specChanges(RevCommit base, RevCommit target) throws IOException {
    try (DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      diff.setRepository(repository);
      diff.setDetectRenames(true);
      if (!folder.isEmpty()) {
        diff.setPathFilter(PathFilter.create(folder));
      }
      List<PathChange> changes = new ArrayList<>();
      for (DiffEntry entry : diff.scan(base.getTree(), target.getTree())) {
        toSpecChange(entry, changes);
      }
      return changes;
    }
  }

  /**
   * A rename across the spec boundary (e.g. notes.txt to app.yaml) is, for Mooring, an add or a
   * delete.
   */
  private void toSpecChange(DiffEntry entry, List<PathChange> changes) {
    boolean oldIsSpec = isSpec(entry.getOldPath());
    boolean newIsSpec = isSpec(entry.getNewPath());
    switch (entry.getChangeType()) {
      case ADD, COPY -> {
        if (newIsSpec) {
          changes.add(PathChange.added(entry.getNewPath()));
        }
      }
      case DELETE -> {
        if (oldIsSpec) {
          changes.add(PathChange.deleted(entry.getOldPath()));
        }
      }
      case MODIFY -> {
        if (newIsSpec) {
          changes.add(PathChange.modified(entry.getNewPath()));
        }
      }
      case RENAME -> {
        if (oldIsSpec && newIsSpec) {
          changes.add(PathChange.renamed(entry.getOldPath(), entry.getNewPath()));
        } else if (oldIsSpec) {
          changes.add(PathChange.deleted(entry.getOldPath()));
        } else if (newIsSpec) {
          changes.add(PathChange.added(entry.getNewPath()));
        }
      }
    }
  }

  // Unsafe names count as changes too: reading them reports them as skipped, so that a push of such
  // a file is seen at once rather than at the next full read.
  private boolean isSpec(String path) {
    return !DiffEntry.DEV_NULL.equals(path) && RepoPaths.isSpecFileUnder(folder, path);
  }
}
