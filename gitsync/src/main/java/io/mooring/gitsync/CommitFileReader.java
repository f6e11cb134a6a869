package io.mooring.gitsync;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads spec files from a commit's tree in the object database: no checkout, so nothing is written
 * to disk and a symlink is only ever a tree entry, never followed.
 */
final class CommitFileReader {

  private static final Logger LOG = LoggerFactory.getLogger(CommitFileReader.class);

  private final Repository repository;
  private final String folder;
  private final long maxFileBytes;

  CommitFileReader(Repository repository, String folder, long maxFileBytes) {
    this.repository = repository;
    this.folder = folder;
    this.maxFileBytes = maxFileBytes;
  }

  /** Every spec file under the folder. */
  SnapshotFiles readAll(Snapshot snapshot) throws IOException {
    return read(snapshot, everySpec());
  }

  /**
   * Only the given paths (typically {@link ChangedPaths.Files#pathsToRead()}); absent ones are left
   * out. An unsafe path is looked up too, so that it is reported as skipped as in {@link #readAll}.
   */
  SnapshotFiles readPaths(Snapshot snapshot, Collection<String> paths) throws IOException {
    List<String> wanted = paths.stream().distinct().toList();
    if (wanted.isEmpty()) {
      return new SnapshotFiles(snapshot, List.of(), List.of());
    }
    return read(snapshot, PathFilterGroup.createFromStrings(wanted));
  }

  /**
   * Reads every object {@link #readAll} of {@code commit} would read, keeping nothing: a pack whose
   * index still lists an object its data no longer holds shows here as an {@link IOException}.
   */
  void verifyAll(ObjectId commit) throws IOException {
    walk(
        commit,
        everySpec(),
        (path, id, skip, reader) -> {
          if (skip == null) {
            reader.open(id, Constants.OBJ_BLOB).copyTo(OutputStream.nullOutputStream());
          }
        });
  }

  private TreeFilter everySpec() {
    return folder.isEmpty() ? TreeFilter.ALL : PathFilter.create(folder);
  }

  private SnapshotFiles read(Snapshot snapshot, TreeFilter filter) throws IOException {
    List<CommitFile> files = new ArrayList<>();
    List<SkippedFile> skipped = new ArrayList<>();
    walk(
        ObjectId.fromString(snapshot.commit()),
        filter,
        (path, id, reason, reader) -> {
          if (reason != null) {
            LOG.warn(
                "Skipping {} in commit {}: {}", printable(path), snapshot.shortCommit(), reason);
            skipped.add(new SkippedFile(path, reason));
          } else {
            files.add(new CommitFile(path, reader.open(id, Constants.OBJ_BLOB).getBytes()));
          }
        });
    return new SnapshotFiles(snapshot, files, skipped);
  }

  /** One spec file of a commit's tree, with the reason it is skipped (null when it is read). */
  @FunctionalInterface
  private interface SpecEntry {
    void visit(String path, ObjectId id, SkippedFile.Reason skip, ObjectReader reader)
        throws IOException;
  }

  private void walk(ObjectId commitId, TreeFilter filter, SpecEntry entry) throws IOException {
    try (ObjectReader reader = repository.newObjectReader();
        RevWalk revWalk = new RevWalk(reader);
        TreeWalk treeWalk = new TreeWalk(repository, reader)) {
      RevCommit commit = revWalk.parseCommit(commitId);
      treeWalk.addTree(commit.getTree());
      treeWalk.setRecursive(true);
      treeWalk.setFilter(filter);
      while (treeWalk.next()) {
        String path = treeWalk.getPathString();
        if (!RepoPaths.isSpecFileUnder(folder, path)) {
          continue;
        }
        ObjectId id = treeWalk.getObjectId(0);
        entry.visit(path, id, skipReason(path, treeWalk.getFileMode(0), id, reader), reader);
      }
    }
  }

  private SkippedFile.Reason skipReason(
      String path, FileMode mode, ObjectId id, ObjectReader reader) throws IOException {
    if (!RepoPaths.isSafe(path)) {
      return SkippedFile.Reason.UNSAFE_PATH;
    }
    if (mode == FileMode.SYMLINK) {
      return SkippedFile.Reason.SYMLINK;
    }
    if (mode == FileMode.GITLINK) {
      return SkippedFile.Reason.SUBMODULE;
    }
    if (reader.getObjectSize(id, Constants.OBJ_BLOB) > maxFileBytes) {
      return SkippedFile.Reason.TOO_LARGE;
    }
    return null;
  }

  /** Control characters in a hostile name must not forge log lines. */
  private static String printable(String path) {
    StringBuilder out = new StringBuilder(path.length());
    path.codePoints()
        .forEach(
            c ->
                out.append(
                    Character.isISOControl(c)
                        ? String.format("\\u%04x", c)
                        : Character.toString(c)));
    return out.toString();
  }
}
