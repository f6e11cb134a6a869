package io.mooring.core.spec;

/**
 * Makes text from outside (file names from git, YAML keys, quoted values) safe to print on one
 * line: a file named with a newline or a terminal escape must not forge a second report line,
 * recolour a terminal or reorder text on a page. Control characters, line and paragraph separators
 * and bidirectional overrides are written as Java escapes ({@code \n}, {@code \t}, {@code \u001b});
 * everything else, backslashes included, is kept as written.
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
    return type == Character.CONTROL
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || (c >= 0x202a && c <= 0x202e) // bidirectional embeddings and overrides
        || (c >= 0x2066 && c <= 0x2069); // bidirectional isolates
  }
}
