package io.mooring.daemon;

import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.SpecError;
import io.mooring.core.spec.SpecParseResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What git currently says, file by file, so that a push re-reads only the files it changed while
 * the engine still sees every app. The rules that keep data safe live here:
 *
 * <ul>
 *   <li>An app whose file now has errors is invalid, not removed, even when the error hides which
 *       apps the file declares: apps the file declared before stay known (as invalid) until it is
 *       valid again.
 *   <li>While a file has errors whose apps are unknown (it was broken before it was ever read), no
 *       app counts as removed: it might be in that file.
 *   <li>An app declared in two files is invalid in both places and applied from neither.
 * </ul>
 */
public final class SpecIndex {
  private final Map<String, FileEntry> files = new TreeMap<>();
  // Derived from files; every cluster event asks for one spec, while files change only on a sync.
  private Map<AppRef, AppSpec> valid;

  /**
   * One file's contribution. {@code unknownApps} marks errors that hide which apps the file
   * declares.
   */
  private record FileEntry(
      List<AppSpec> specs, Set<AppRef> invalid, List<SpecError> errors, boolean unknownApps) {}

  /** Records a file's newest parse (the parse of that one file). */
  public void put(String path, SpecParseResult result) {
    FileEntry previous = files.get(path);
    Set<AppRef> invalid = new TreeSet<>(result.invalidRefs());
    boolean hasErrors = !result.errors().isEmpty();
    if (hasErrors && previous != null) {
      // Apps the file declared before but that this (broken) version does not show are kept as
      // invalid.
      Set<AppRef> now = new HashSet<>(invalid);
      result.specs().forEach(spec -> now.add(spec.ref()));
      previous.specs().stream()
          .map(AppSpec::ref)
          .filter(ref -> !now.contains(ref))
          .forEach(invalid::add);
      previous.invalid().stream().filter(ref -> !now.contains(ref)).forEach(invalid::add);
    }
    boolean unknown = hasErrors && invalid.isEmpty() && result.specs().isEmpty();
    List<AppSpec> specs = new ArrayList<>(result.specs());
    if (hasErrors) {
      // A file with any error is applied as a whole or not at all: half a file is a surprise.
      specs.forEach(spec -> invalid.add(spec.ref()));
      specs.clear();
    }
    files.put(path, new FileEntry(specs, invalid, result.errors(), unknown));
    valid = null;
  }

  public void remove(String path) {
    files.remove(path);
    valid = null;
  }

  public Set<String> paths() {
    return Set.copyOf(files.keySet());
  }

  /** Apps that {@code path} declares (valid or not). */
  public Set<AppRef> appsOf(String path) {
    FileEntry entry = files.get(path);
    Set<AppRef> refs = new TreeSet<>();
    if (entry != null) {
      entry.specs().forEach(spec -> refs.add(spec.ref()));
      refs.addAll(entry.invalid());
    }
    return refs;
  }

  /** Valid specs, each declared exactly once. */
  public List<AppSpec> validSpecs() {
    return List.copyOf(valid().values());
  }

  private Map<AppRef, AppSpec> valid() {
    if (valid == null) {
      Map<AppRef, List<String>> declared = declarations();
      Map<AppRef, AppSpec> specs = new LinkedHashMap<>();
      for (FileEntry entry : files.values()) {
        for (AppSpec spec : entry.specs()) {
          if (declared.get(spec.ref()).size() == 1) {
            specs.put(spec.ref(), spec);
          }
        }
      }
      valid = specs;
    }
    return valid;
  }

  /** Invalid apps with their problems as {@code file:line:col field: message} lines. */
  public Map<AppRef, List<String>> invalid() {
    Map<AppRef, List<String>> problems = new TreeMap<>();
    files.forEach(
        (path, entry) -> {
          List<String> lines = entry.errors().stream().map(SpecError::toString).toList();
          for (AppRef ref : entry.invalid()) {
            problems
                .computeIfAbsent(ref, r -> new ArrayList<>())
                .addAll(lines.isEmpty() ? List.of(path + ": invalid") : lines);
          }
        });
    declarations()
        .forEach(
            (ref, paths) -> {
              if (paths.size() > 1) {
                problems
                    .computeIfAbsent(ref, r -> new ArrayList<>())
                    .add(ref + " is declared in more than one file: " + String.join(", ", paths));
              }
            });
    return problems;
  }

  public AppSpec spec(AppRef ref) {
    return valid().get(ref);
  }

  /** True when an app absent from every file may be treated as removed from git. */
  public boolean removalsAreKnown() {
    return files.values().stream().noneMatch(FileEntry::unknownApps);
  }

  /** Files whose errors hide which apps they declare. */
  public List<String> unreadableFiles() {
    return files.entrySet().stream()
        .filter(e -> e.getValue().unknownApps())
        .map(Map.Entry::getKey)
        .toList();
  }

  public Set<AppRef> allApps() {
    Set<AppRef> refs = new TreeSet<>();
    files.keySet().forEach(path -> refs.addAll(appsOf(path)));
    return refs;
  }

  private Map<AppRef, List<String>> declarations() {
    Map<AppRef, List<String>> declared = new HashMap<>();
    files.forEach(
        (path, entry) -> {
          for (AppRef ref : appsOf(path)) {
            declared.computeIfAbsent(ref, r -> new ArrayList<>()).add(path);
          }
        });
    return new LinkedHashMap<>(declared);
  }
}
