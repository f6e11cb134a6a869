package io.mooring.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mooring.core.spec.SpecError;
import io.mooring.core.spec.SpecParseResult;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The outcome of {@code mooring validate} as lines for people or as JSON for CI bots. */
final class ValidationReport {
  private static final Comparator<SpecError> BY_PLACE =
      Comparator.comparing(SpecError::file)
          .thenComparingInt(SpecError::line)
          .thenComparingInt(SpecError::column);

  private final SpecParseResult result;
  private final boolean explain;

  /**
   * @param explain also show the notes that explain valid fields (what a field of another platform
   *     means, or does not, in the cluster)
   */
  ValidationReport(SpecParseResult result, boolean explain) {
    this.result = result;
    this.explain = explain;
  }

  /** One line per problem (and note, when explaining) in file order, then a summary line. */
  String text() {
    StringBuilder text = new StringBuilder();
    Stream.concat(
            Stream.concat(result.errors().stream(), result.warnings().stream()),
            explain ? result.notes().stream() : Stream.empty())
        .sorted(BY_PLACE)
        .forEach(problem -> text.append(problem).append('\n'));
    return text.append(summary()).append('\n').toString();
  }

  String json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("valid", result.valid());
    json.put("files", result.filesRead());
    json.put("apps", result.specs().size());
    json.put("errors", problems(result.errors()));
    json.put("warnings", problems(result.warnings()));
    if (explain) {
      json.put("notes", problems(result.notes()));
    }
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String summary() {
    String warnings =
        result.warnings().isEmpty() ? "" : " (" + count(result.warnings().size(), "warning") + ")";
    if (result.valid()) {
      return "valid: "
          + count(result.specs().size(), "app")
          + " in "
          + count(result.filesRead(), "file")
          + warnings;
    }
    return "invalid: "
        + count(result.errors().size(), "error")
        + " in "
        + result.invalidFiles().size()
        + " of "
        + count(result.filesRead(), "file")
        + warnings
        + "; "
        + count(result.specs().size(), "app")
        + " valid";
  }

  private static List<Map<String, Object>> problems(List<SpecError> problems) {
    return problems.stream().sorted(BY_PLACE).map(ValidationReport::problem).toList();
  }

  private static Map<String, Object> problem(SpecError problem) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("file", problem.file());
    json.put("line", problem.line());
    json.put("column", problem.column());
    json.put("field", problem.fieldPath());
    json.put("message", problem.message());
    return json;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
