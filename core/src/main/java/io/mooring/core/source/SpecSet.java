package io.mooring.core.source;

import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.ProblemCaps;
import io.mooring.core.spec.RestoreSources;
import io.mooring.core.spec.SourceLocation;
import io.mooring.core.spec.SpecError;
import io.mooring.core.spec.SpecParseResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the spec files of a config repository say, file by file, as an immutable snapshot. The
 * daemon keeps one per commit and re-reads only the files a push changed ({@link #edit()}); {@code
 * mooring diff} and {@code sync} make one from a checkout ({@link #of}). Both take from it what a
 * sync applies ({@link #validSpecs()}) and what it must leave exactly as it is ({@link
 * #untouched}), so the rules that keep data safe while git holds a mistake exist once, here:
 *
 * <ol>
 *   <li>A file with any error is applied whole or not at all: every app it shows is invalid. Half a
 *       file is a surprise.
 *   <li>A file that breaks keeps the apps its earlier version declared, as invalid, even when the
 *       error hides them: an app does not look removed because its file cannot be read.
 *   <li>While any file has errors, no app counts as removed from git: an error may hide which apps
 *       the file declares, and an edit that breaks a file may also have dropped a document from it.
 *       Every app without a valid spec is then left untouched rather than pruned, until the files
 *       read cleanly again. Only prunes wait; valid apps are still applied.
 *   <li>An app declared in two files is invalid in both and applied from neither, whichever file
 *       was read first.
 * </ol>
 *
 * <p>The rules about live objects (volumes and credentials kept, the prune guards ...) are the
 * planner's, in {@code core.plan}. Being immutable, a set may be read from any thread while the
 * next one is built.
 *
 * <p>A set keeps the first problems of each file ({@link ProblemCaps}), not all of them: it lives
 * as long as its commit, and a file written to hurt must not fill the memory or the status with its
 * errors. {@code mooring validate} reads files itself and lists every problem.
 */
public final class SpecSet {
  /** Why an app without a spec is not pruned while files have errors; the files follow. */
  public static final String UNKNOWN_REMOVALS =
      "not pruned: these spec files have errors, so whether the app was removed from git is"
          + " unknown: ";

  private static final SpecSet EMPTY = new SpecSet(new TreeMap<>());

  private final SortedMap<String, FileEntry> files;
  private final Map<AppRef, AppSpec> valid;
  private final SortedMap<AppRef, List<String>> invalid;
  private final List<SpecError> duplicates;
  private final List<String> filesWithErrors;
  private final SortedMap<String, List<String>> fileProblems;

  /** One file's contribution; {@code invalid} holds every app it shows or showed but that fails. */
  private record FileEntry(
      List<AppSpec> specs, Set<AppRef> invalid, List<SpecError> errors, List<SpecError> warnings) {

    static FileEntry of(SpecParseResult parsed, FileEntry previous) {
      Set<AppRef> invalid = new TreeSet<>(parsed.invalidRefs());
      List<AppSpec> specs = parsed.specs();
      if (!parsed.errors().isEmpty()) {
        specs.forEach(spec -> invalid.add(spec.ref())); // rule 1
        specs = List.of();
        if (previous != null) {
          invalid.addAll(previous.apps()); // rule 2
        }
      }
      return new FileEntry(
          specs,
          Collections.unmodifiableSet(invalid),
          ProblemCaps.firstOfEachFile(parsed.errors()),
          ProblemCaps.firstOfEachFile(parsed.warnings()));
    }

    Set<AppRef> apps() {
      Set<AppRef> apps = new TreeSet<>(invalid);
      specs.forEach(spec -> apps.add(spec.ref()));
      return apps;
    }

    AppSpec spec(AppRef app) {
      return specs.stream().filter(spec -> spec.ref().equals(app)).findFirst().orElse(null);
    }
  }

  private SpecSet(SortedMap<String, FileEntry> files) {
    this.files = Collections.unmodifiableSortedMap(files);
    Map<AppRef, List<String>> declared = new TreeMap<>();
    files.forEach(
        (path, entry) ->
            entry
                .apps()
                .forEach(app -> declared.computeIfAbsent(app, a -> new ArrayList<>()).add(path)));
    Map<AppRef, AppSpec> validSpecs = new LinkedHashMap<>();
    SortedMap<AppRef, List<String>> problems = new TreeMap<>();
    List<String> broken = new ArrayList<>();
    SortedMap<String, List<String>> brokenLines = new TreeMap<>();
    files.forEach(
        (path, entry) -> {
          entry.specs().stream()
              .filter(spec -> declared.get(spec.ref()).size() == 1)
              .forEach(spec -> validSpecs.put(spec.ref(), spec));
          List<String> lines = entry.errors().stream().map(SpecError::toString).toList();
          entry
              .invalid()
              .forEach(app -> problems.computeIfAbsent(app, a -> new ArrayList<>()).addAll(lines));
          if (!entry.errors().isEmpty()) {
            broken.add(path);
            brokenLines.put(path, lines);
          }
        });
    List<SpecError> duplicated = new ArrayList<>();
    declared.forEach(
        (app, paths) -> {
          if (paths.size() < 2) {
            return;
          }
          List<SourceLocation> places =
              paths.stream().map(path -> place(files, path, app)).toList();
          for (SourceLocation place : places) {
            SpecError error =
                SpecError.duplicateApp(
                    app, place, places.stream().filter(other -> !other.equals(place)).toList());
            duplicated.add(error);
            problems.computeIfAbsent(app, a -> new ArrayList<>()).add(error.toString());
          }
        });
    RestoreSources.check(validSpecs.values(), declared.keySet())
        .forEach(
            (app, error) -> {
              validSpecs.remove(app);
              problems.computeIfAbsent(app, a -> new ArrayList<>()).add(error.toString());
            });
    problems.replaceAll((app, lines) -> List.copyOf(new LinkedHashSet<>(lines)));
    this.valid = Collections.unmodifiableMap(validSpecs);
    this.invalid = Collections.unmodifiableSortedMap(problems);
    this.duplicates = List.copyOf(duplicated);
    this.filesWithErrors = List.copyOf(broken);
    this.fileProblems = Collections.unmodifiableSortedMap(brokenLines);
  }

  private static SourceLocation place(Map<String, FileEntry> files, String path, AppRef app) {
    AppSpec spec = files.get(path).spec(app);
    return spec != null ? spec.source() : SourceLocation.ofFile(path);
  }

  /** No file read yet: what the daemon starts from. */
  public static SpecSet empty() {
    return EMPTY;
  }

  /** The set of a checkout whose files were each parsed on their own, by file name. */
  public static SpecSet of(Map<String, SpecParseResult> parsedFiles) {
    Edit edit = EMPTY.edit();
    parsedFiles.forEach(edit::put);
    return edit.build();
  }

  /** A change of this set, file by file, that {@link Edit#build()} turns into the next set. */
  public Edit edit() {
    return new Edit(new TreeMap<>(files));
  }

  /**
   * The changes of one sync to a set: not thread-safe, made, used and dropped by one thread. Files
   * put are compared with their version in this edit, so that rule 2 holds across commits.
   */
  public static final class Edit {
    private final SortedMap<String, FileEntry> files;

    private Edit(SortedMap<String, FileEntry> files) {
      this.files = files;
    }

    /** A file's newest parse (the parse of that one file). */
    public Edit put(String path, SpecParseResult parsed) {
      files.put(path, FileEntry.of(parsed, files.get(path)));
      return this;
    }

    /** A file that left the repository: its apps go with it. */
    public Edit remove(String path) {
      files.remove(path);
      return this;
    }

    /** Keeps only the files a full read found, dropping those that left the repository. */
    public Edit retainOnly(Collection<String> paths) {
      files.keySet().retainAll(Set.copyOf(paths));
      return this;
    }

    public SpecSet build() {
      return files.isEmpty() ? EMPTY : new SpecSet(new TreeMap<>(files));
    }
  }

  public Set<String> paths() {
    return files.keySet();
  }

  /** Apps that {@code path} declares, valid or not, including those rule 2 keeps. */
  public Set<AppRef> appsOf(String path) {
    FileEntry entry = files.get(path);
    return entry == null ? Set.of() : Collections.unmodifiableSet(entry.apps());
  }

  /** Every app some file declares, valid or not. */
  public Set<AppRef> allApps() {
    Set<AppRef> apps = new TreeSet<>(invalid.keySet());
    apps.addAll(valid.keySet());
    return Collections.unmodifiableSet(apps);
  }

  /** The specs a sync applies: valid, in a file without errors, declared exactly once. */
  public List<AppSpec> validSpecs() {
    return List.copyOf(valid.values());
  }

  /** The app's spec when it is to be applied; null when it is invalid or not in git. */
  public AppSpec spec(AppRef app) {
    return valid.get(app);
  }

  /** Invalid apps with their problems as {@code file:line:col field: message} lines. */
  public Map<AppRef, List<String>> invalid() {
    return invalid;
  }

  /** True when an app without a spec may be treated as removed from git (rule 3). */
  public boolean removalsAreKnown() {
    return filesWithErrors.isEmpty();
  }

  public List<String> filesWithErrors() {
    return filesWithErrors;
  }

  /**
   * Every file with errors and its problems as {@code file:line:col field: message} lines (the
   * first of them, see {@link ProblemCaps}), by path. A file appears here even when its problems
   * name no app (an unreadable file, a document whose name is invalid): such a file holds back
   * every prune (rule 3), so it must be seen.
   */
  public SortedMap<String, List<String>> fileProblems() {
    return fileProblems;
  }

  /** The files with errors that show no app: their problems reach no app's status. */
  public List<String> filesWithErrorsAndNoApp() {
    return filesWithErrors.stream().filter(path -> files.get(path).apps().isEmpty()).toList();
  }

  /** True when every file read cleanly and every app in it may be applied. */
  public boolean valid() {
    return filesWithErrors.isEmpty() && invalid.isEmpty();
  }

  /**
   * The apps a sync must leave exactly as they are, with why: every invalid app and, while removals
   * are unknown (rule 3), each of {@code candidates} without a valid spec.
   *
   * @param candidates the apps a sync might prune: those with live objects, or those a push touched
   */
  public Map<AppRef, List<String>> untouched(Collection<AppRef> candidates) {
    Map<AppRef, List<String>> untouched = new TreeMap<>(invalid);
    if (!removalsAreKnown()) {
      List<String> reason = List.of(UNKNOWN_REMOVALS + String.join(", ", filesWithErrors));
      candidates.stream()
          .filter(app -> !valid.containsKey(app))
          .forEach(app -> untouched.putIfAbsent(app, reason));
    }
    return Collections.unmodifiableMap(untouched);
  }

  /** The whole set as one parse result, for reports: every file's problems and the duplicates. */
  public SpecParseResult summary() {
    List<SpecError> errors = new ArrayList<>();
    List<SpecError> warnings = new ArrayList<>();
    files.values().forEach(entry -> errors.addAll(entry.errors()));
    files.values().forEach(entry -> warnings.addAll(entry.warnings()));
    errors.addAll(duplicates);
    Set<String> invalidFiles = new TreeSet<>(filesWithErrors);
    duplicates.forEach(duplicate -> invalidFiles.add(duplicate.file()));
    return new SpecParseResult(
        validSpecs(), errors, warnings, invalid.keySet(), invalidFiles, files.size());
  }
}
