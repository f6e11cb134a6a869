package io.mooring.core.spec;

/**
 * Makes text from outside (file names from git, YAML keys, quoted values) safe to print on one
 * line: a file named with a newline or a terminal escape must not forge a second report line,
 * recolour a terminal or reorder text on a page. Control characters, line and paragraph separators
 * and invisible format characters (bidirectional overrides and marks among them) are written as
 * Java escapes ({@code \n}, {@code \t}, {@code \u001b}); everything else, backslashes included, is
 * kept as written. The one rule for the status, validate's output and the log lines.
 */
public final class ControlCharacters {
  private ControlCharacters() {}

  public static String escape(String text) {
    if (text == null || text.chars().noneMatch(ControlCharacters::needsEscape)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!needsEscape(c)) {
        out.append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  private static boolean needsEscape(int c) {
    int type = Character.getType(c);
    // FORMAT holds the bidirectional embeddings, overrides, isolates and marks, and zero-width
    // characters: all act on the text around them instead of showing.
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
