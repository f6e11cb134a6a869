package io.mooring.core.spec;

import java.util.List;
import java.util.Set;

/**
 * What a parse found. {@code specs} holds only valid apps. An app whose document has errors is in
 * {@code invalidRefs} (when its identity could be read) and its file in {@code invalidFiles}:
 * whoever acts on the result must leave such apps, and apps last read from such files, untouched
 * rather than treat them as removed.
 */
public record SpecParseResult(
    List<AppSpec> specs,
    List<SpecError> errors,
    List<SpecError> warnings,
    Set<AppRef> invalidRefs,
    Set<String> invalidFiles,
    int filesRead,
    List<SpecError> notes) {

  public SpecParseResult {
    specs = List.copyOf(specs);
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    invalidRefs = Set.copyOf(invalidRefs);
    invalidFiles = Set.copyOf(invalidFiles);
    notes = List.copyOf(notes);
  }

  /** A result without notes (see {@link SpecProblems#note}). */
  public SpecParseResult(
      List<AppSpec> specs,
      List<SpecError> errors,
      List<SpecError> warnings,
      Set<AppRef> invalidRefs,
      Set<String> invalidFiles,
      int filesRead) {
    this(specs, errors, warnings, invalidRefs, invalidFiles, filesRead, List.of());
  }

  /** A file that was not parsed at all: its one error says why (too large, unreadable ...). */
  public static SpecParseResult notRead(SpecError error) {
    return new SpecParseResult(
        List.of(), List.of(error), List.of(), Set.of(), Set.of(error.file()), 1);
  }

  public boolean valid() {
    return errors.isEmpty();
  }
}
