package io.mooring.gitsync;

import java.util.List;

/** The spec files read from a snapshot, sorted by path, and the entries skipped on the way. */
public record SnapshotFiles(Snapshot snapshot, List<CommitFile> files, List<SkippedFile> skipped) {

  public SnapshotFiles {
    files = List.copyOf(files);
    skipped = List.copyOf(skipped);
  }
}
