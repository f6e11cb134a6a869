package io.mooring.gitsync;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The spec files read from a snapshot, sorted by path, and the entries skipped on the way. */
public record SnapshotFiles(Snapshot snapshot, List<SpecFile> files, List<SkippedFile> skipped) {

  public SnapshotFiles {
    files = List.copyOf(files);
    skipped = List.copyOf(skipped);
  }

  public Optional<SpecFile> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  public Map<String, SpecFile> byPath() {
    return files.stream().collect(Collectors.toMap(SpecFile::path, Function.identity()));
  }
}
