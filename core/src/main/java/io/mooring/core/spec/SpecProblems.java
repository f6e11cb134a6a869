package io.mooring.core.spec;

import java.util.ArrayList;
import java.util.List;

/** Collects the errors and warnings of a parse; nothing stops at the first problem. */
public final class SpecProblems {
  private final List<SpecError> errors = new ArrayList<>();
  private final List<SpecError> warnings = new ArrayList<>();

  public void error(SourceLocation at, String fieldPath, String message) {
    errors.add(SpecError.error(at, fieldPath, message));
  }

  public void warning(SourceLocation at, String fieldPath, String message) {
    warnings.add(SpecError.warning(at, fieldPath, message));
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
}
