package io.mooring.cli;

import io.mooring.core.spec.ControlCharacters;

/**
 * The one rule for values in text log lines: whatever they hold, a line stays one line that says
 * what it said. Control characters (newlines, terminal escape codes, bidirectional overrides) are
 * written as escapes; in values, quotes and backslashes are too, so a value cannot close the quotes
 * around it. Values come from outside (webhook headers and refs, file paths, spec values, remote
 * URLs), so every value is treated that way.
 */
final class LogEscaping {
  private LogEscaping() {}

  /** A value: control characters, quotes and backslashes escaped. */
  static String value(Object value) {
    return escape(String.valueOf(value), true);
  }

  /** Text written by Mooring itself (a message template): only control characters escaped. */
  static String text(String text) {
    return escape(text, false);
  }

  /**
   * {@code key=value}, or {@code key="value"} when the value would otherwise be ambiguous (empty,
   * or holding a space, a quote, an equals sign or an escape).
   */
  static void appendKeyValue(StringBuilder line, String key, Object value) {
    String escaped = value(value);
    line.append(text(key)).append('=');
    if (needsQuotes(String.valueOf(value), escaped)) {
      line.append('"').append(escaped).append('"');
    } else {
      line.append(escaped);
    }
  }

  private static boolean needsQuotes(String raw, String escaped) {
    if (raw.isEmpty() || !raw.equals(escaped)) {
      return true;
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == ' ' || c == '=' || Character.isWhitespace(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Control characters as {@link ControlCharacters} writes them everywhere; in values, quotes and
   * backslashes first, so that the escapes it adds are not escaped again.
   */
  private static String escape(String text, boolean quotes) {
    String quoted = quotes ? text.replace("\\", "\\\\").replace("\"", "\\\"") : text;
    return ControlCharacters.escape(quoted);
  }
}
