package io.mooring.core.render.nats;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a config tree as nats.conf text. Maps become blocks, lists arrays, {@link NatsEnvRef}s
 * bare {@code $VARIABLE}s, {@link NatsInclude}s {@code include} directives. Strings are
 * double-quoted (so no user value can start a new key or pull in an {@code include}), except sizes
 * such as {@code 16MB}: nats-server parses a size only when it is bare and rejects {@code
 * max_payload: "16MB"} as "string, not int64".
 */
final class NatsConfWriter {
  // The size suffixes nats-server 2.9's config lexer accepts after an integer (case-insensitive).
  private static final Pattern SIZE =
      Pattern.compile("-?[0-9]+([kmgtpe](b|i|ib)?)", Pattern.CASE_INSENSITIVE);
  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
  private static final String INDENT = "  ";

  private NatsConfWriter() {}

  static String write(Map<?, ?> tree) {
    StringBuilder out = new StringBuilder();
    writeEntries(out, tree, 0);
    return out.toString();
  }

  private static void writeEntries(StringBuilder out, Map<?, ?> map, int depth) {
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Object value = entry.getValue();
      if (value instanceof NatsInclude include) {
        out.append(INDENT.repeat(depth)).append("include ").append(quote(include.path()));
        out.append('\n');
        continue;
      }
      out.append(INDENT.repeat(depth)).append(key(String.valueOf(entry.getKey())));
      if (value instanceof Map<?, ?> block) {
        out.append(" {\n");
        writeEntries(out, block, depth + 1);
        out.append(INDENT.repeat(depth)).append("}\n");
      } else {
        out.append(": ");
        writeValue(out, value, depth);
        out.append('\n');
      }
    }
  }

  private static void writeValue(StringBuilder out, Object value, int depth) {
    if (value instanceof Map<?, ?> map) {
      out.append("{\n");
      writeEntries(out, map, depth + 1);
      out.append(INDENT.repeat(depth)).append('}');
    } else if (value instanceof List<?> list) {
      writeList(out, list, depth);
    } else if (value instanceof NatsEnvRef ref) {
      out.append('$').append(ref.variable());
    } else if (value instanceof NatsQuoted quoted) {
      out.append(quote(quoted.text()));
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      out.append(value);
    } else if (value instanceof Number number) {
      out.append(new BigDecimal(number.toString()).toPlainString());
    } else if (value instanceof String text && SIZE.matcher(text).matches()) {
      out.append(text);
    } else if (value == null) {
      throw new IllegalArgumentException("nats.conf has no null value");
    } else {
      out.append(quote(value.toString()));
    }
  }

  private static void writeList(StringBuilder out, List<?> list, int depth) {
    if (list.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append("[\n");
    for (Object item : list) {
      out.append(INDENT.repeat(depth + 1));
      writeValue(out, item, depth + 1);
      out.append('\n');
    }
    out.append(INDENT.repeat(depth)).append(']');
  }

  private static String key(String key) {
    return BARE_KEY.matcher(key).matches() ? key : quote(key);
  }

  /** A double-quoted nats.conf string; control characters use the lexer's {@code \xHH} escape. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
