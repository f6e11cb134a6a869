package io.mooring.core.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A YAML document as a tree whose every node remembers where it was written, so that a problem
 * found while mapping a spec points at the exact line and column. Aliases are resolved to the
 * anchored node (shared, not copied), which is why the tree is immutable.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

  SourceLocation location();

  /** How the node reads in a message: a scalar quoted as written, otherwise its shape. */
  String describe();

  /** What YAML resolved a scalar to; quoted scalars are always {@code STRING}. */
  enum ScalarType {
    STRING,
    INTEGER,
    FLOAT,
    BOOLEAN,
    NULL
  }

  record Scalar(String text, ScalarType type, SourceLocation location) implements YamlNode {
    public boolean isNull() {
      return type == ScalarType.NULL;
    }

    /**
     * A boolean's value; YAML 1.1 spellings (yes, on, y) count as true, as the parser resolved
     * them.
     */
    public boolean isTrue() {
      return type == ScalarType.BOOLEAN
          && List.of("true", "yes", "on", "y").contains(text.toLowerCase(Locale.ROOT));
    }

    /** Without the text: scalars of a spec include passwords, and trees end up in debug output. */
    @Override
    public String toString() {
      return "Scalar[" + type + " at " + location + "]";
    }

    /** The kind of value without the value, for messages about fields that hold secrets. */
    public String describeKind() {
      return switch (type) {
        case NULL -> "nothing";
        case STRING -> "a string";
        case INTEGER, FLOAT -> "a number";
        case BOOLEAN -> "a boolean";
      };
    }

    @Override
    public String describe() {
      return switch (type) {
        case NULL -> "nothing";
        case STRING -> "\"" + text + "\"";
        default -> text;
      };
    }
  }

  /** A key and its value; the key's location is where "unknown field" and "duplicate key" point. */
  record Entry(String key, SourceLocation keyLocation, YamlNode value) {}

  record Mapping(Map<String, Entry> entries, SourceLocation location) implements YamlNode {
    public Mapping {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public static Mapping empty(SourceLocation location) {
      return new Mapping(Map.of(), location);
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  record Sequence(List<YamlNode> items, SourceLocation location) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }
}
