package io.mooring.core.spec;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One problem found in a spec file, as data: the repo-relative file, a 1-based line and column, the
 * field path ({@code spec.replicas}; empty when the problem is the file itself) and a message that
 * says what was expected. Warnings (a skipped document, a risky but legal value) use the same
 * shape.
 */
public record SpecError(
    String file, int line, int column, String fieldPath, String message, Severity severity) {

  public enum Severity {
    ERROR,
    WARNING,
    /** An explanation of a valid field, not a problem. */
    NOTE
  }

  public SpecError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(fieldPath, "fieldPath");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(severity, "severity");
  }

  public static SpecError error(SourceLocation at, String fieldPath, String message) {
    return new SpecError(at.file(), at.line(), at.column(), fieldPath, message, Severity.ERROR);
  }

  public static SpecError warning(SourceLocation at, String fieldPath, String message) {
    return new SpecError(at.file(), at.line(), at.column(), fieldPath, message, Severity.WARNING);
  }

  public static SpecError note(SourceLocation at, String fieldPath, String message) {
    return new SpecError(at.file(), at.line(), at.column(), fieldPath, message, Severity.NOTE);
  }

  /**
   * One declaration of an app that is declared more than once: which declaration wins would depend
   * on the order files are read in, so none does.
   */
  public static SpecError duplicateApp(
      AppRef app, SourceLocation place, List<SourceLocation> others) {
    String elsewhere =
        others.stream().map(SourceLocation::toString).collect(Collectors.joining(", "));
    return error(place, "metadata.name", "duplicate app " + app + ", also defined at " + elsewhere);
  }

  public boolean isWarning() {
    return severity == Severity.WARNING;
  }

  private String prefix() {
    return switch (severity) {
      case ERROR -> "";
      case WARNING -> "warning: ";
      case NOTE -> "note: ";
    };
  }

  public SourceLocation location() {
    return new SourceLocation(file, line, column);
  }

  /**
   * {@code file:line:col field: message}, warnings marked as such, on one line: control characters
   * (from a file name, a key or a value) are escaped.
   */
  @Override
  public String toString() {
    String field = fieldPath.isEmpty() ? "" : " " + fieldPath;
    return ControlCharacters.escape(location() + field + ": " + prefix() + message);
  }
}
