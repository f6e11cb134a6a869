package io.mooring.core.spec;

import java.util.ArrayList;
import java.util.List;

/** Collects the errors and warnings of a parse; nothing stops at the first problem. */
public final class SpecProblems {
  private final List<SpecError> errors = new ArrayList<>();
  private final List<SpecError> warnings = new ArrayList<>();
  private final List<SpecError> notes = new ArrayList<>();

  public void error(SourceLocation at, String fieldPath, String message) {
    errors.add(SpecError.error(at, fieldPath, message));
  }

  public void warning(SourceLocation at, String fieldPath, String message) {
    warnings.add(SpecError.warning(at, fieldPath, message));
  }

  /**
   * What a valid field means here when it is not what its author may expect (a field of another
   * platform that has no effect in the cluster); shown by {@code validate --explain}.
   */
  public void note(SourceLocation at, String fieldPath, String message) {
    notes.add(SpecError.note(at, fieldPath, message));
  }

  /** A mark to ask later whether errors were added since, e.g. while mapping one document. */
  public int errorCount() {
    return errors.size();
  }

  public List<SpecError> errors() {
    return List.copyOf(errors);
  }

  public List<SpecError> warnings() {
    return List.copyOf(warnings);
  }

  public List<SpecError> notes() {
    return List.copyOf(notes);
  }
}
