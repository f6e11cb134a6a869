package io.mooring.core.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much of a file's problems is kept once a parse is over: a file written to hurt (a megabyte of
 * unknown fields, one key a megabyte long) must cost a bounded, small share of every status, report
 * and log line it reaches. {@code mooring validate} is the one place that lists every problem.
 */
public final class ProblemCaps {
  /** Problems kept per file and severity; the rest are counted in one "and N more" problem. */
  public static final int MAX_PROBLEMS_PER_FILE = 20;

  /** Characters kept of a message, a field path or a line of status. */
  public static final int MAX_CHARS = 500;

  private ProblemCaps() {}

  /** The text cut to {@link #MAX_CHARS}, saying how much was cut. */
  public static String truncate(String text) {
    if (text == null || text.length() <= MAX_CHARS) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
    return text.substring(0, end) + "… (and " + (text.length() - end) + " more characters)";
  }

  /**
   * The first {@link #MAX_PROBLEMS_PER_FILE} problems of each file in their order, field paths and
   * messages truncated; where a file had more, one problem at the first left out says how many.
   */
  public static List<SpecError> firstOfEachFile(List<SpecError> problems) {
    Map<String, List<SpecError>> byFile = new LinkedHashMap<>();
    problems.forEach(p -> byFile.computeIfAbsent(p.file(), f -> new ArrayList<>()).add(p));
    List<SpecError> kept = new ArrayList<>();
    byFile.forEach(
        (file, ofFile) -> {
          ofFile.stream()
              .limit(MAX_PROBLEMS_PER_FILE)
              .map(ProblemCaps::shortened)
              .forEach(kept::add);
          int more = ofFile.size() - MAX_PROBLEMS_PER_FILE;
          if (more > 0) {
            SpecError first = ofFile.get(MAX_PROBLEMS_PER_FILE);
            String noun = first.isWarning() ? "warning" : "error";
            kept.add(
                new SpecError(
                    first.file(),
                    first.line(),
                    first.column(),
                    "",
                    "and "
                        + more
                        + " more "
                        + noun
                        + (more == 1 ? "" : "s")
                        + " in this file (mooring validate lists them all)",
                    first.severity()));
          }
        });
    return kept;
  }

  private static SpecError shortened(SpecError problem) {
    String field = truncate(problem.fieldPath());
    String message = truncate(problem.message());
    if (field.equals(problem.fieldPath()) && message.equals(problem.message())) {
      return problem;
    }
    return new SpecError(
        problem.file(), problem.line(), problem.column(), field, message, problem.severity());
  }
}
