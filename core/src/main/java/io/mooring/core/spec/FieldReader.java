package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Typed access to the fields of one YAML mapping, reporting every wrong value to {@link
 * SpecProblems} with its field path and location and falling back to the default, so that mapping
 * goes on and all problems of a document are found in one pass.
 *
 * <p>Every message that shows a value gets it from {@link #shown}, which follows the dialect's
 * {@link SensitiveFields}: a value of a field that can hold a credential is never repeated.
 */
final class FieldReader {
  private final YamlNode.Mapping mapping;
  private final String path;
  private final SpecProblems problems;
  private final SensitiveFields sensitive;

  FieldReader(
      YamlNode.Mapping mapping, String path, SpecProblems problems, SensitiveFields sensitive) {
    this.mapping = mapping;
    this.path = path;
    this.problems = problems;
    this.sensitive = sensitive;
  }

  String path(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  YamlNode.Mapping mapping() {
    return mapping;
  }

  /** A reader of a mapping found under {@code field} (e.g. while iterating the entries). */
  FieldReader nested(String field, YamlNode.Mapping nested) {
    return new FieldReader(nested, path(field), problems, sensitive);
  }

  /**
   * How {@code node}, the value of {@code field}, reads in a message: as written, or only its kind
   * ("a string") when the field can hold a credential.
   */
  String shown(String field, YamlNode node) {
    return shown(field, node, false);
  }

  private String shown(String field, YamlNode node, boolean secret) {
    if (node instanceof YamlNode.Scalar scalar && (secret || sensitive.covers(path(field)))) {
      return scalar.describeKind();
    }
    return node.describe();
  }

  /** Reports each field not in {@code known}, naming the closest known one. */
  void rejectUnknownFields(List<String> known) {
    for (YamlNode.Entry entry : mapping.entries().values()) {
      if (!known.contains(entry.key())) {
        String hint =
            ClosestMatch.of(entry.key(), known)
                .map(match -> "did you mean " + match + "?")
                .orElse("valid fields: " + String.join(", ", known));
        problems.error(
            entry.keyLocation(),
            path(entry.key()),
            "unknown field \"" + entry.key() + "\"; " + hint);
      }
    }
  }

  /** The field's value, absent when the field is missing or written with no value. */
  Optional<YamlNode> value(String field) {
    YamlNode.Entry entry = mapping.entries().get(field);
    if (entry == null || (entry.value() instanceof YamlNode.Scalar scalar && scalar.isNull())) {
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  int integer(String field, int min, int defaultValue) {
    Optional<YamlNode> node = value(field);
    if (node.isEmpty()) {
      return defaultValue;
    }
    String expected = "must be an integer >= " + min + ", got ";
    if (node.get() instanceof YamlNode.Scalar scalar
        && scalar.type() == YamlNode.ScalarType.INTEGER) {
      try {
        int value = Integer.parseInt(scalar.text().replace("_", ""));
        if (value >= min) {
          return value;
        }
      } catch (NumberFormatException tooLarge) {
        // reported below like any other value out of range
      }
    }
    problems.error(node.get().location(), path(field), expected + shown(field, node.get()));
    return defaultValue;
  }

  boolean bool(String field, boolean defaultValue) {
    Optional<YamlNode> node = value(field);
    if (node.isEmpty()) {
      return defaultValue;
    }
    if (node.get() instanceof YamlNode.Scalar scalar
        && scalar.type() == YamlNode.ScalarType.BOOLEAN) {
      return scalar.isTrue();
    }
    problems.error(
        node.get().location(),
        path(field),
        "must be true or false, got " + shown(field, node.get()));
    return defaultValue;
  }

  /**
   * A string field; numbers and booleans are refused so that {@code password: 0123} is not silently
   * 83.
   */
  Optional<String> string(String field) {
    return string(field, false);
  }

  /**
   * A string field whose value is never repeated in a message, whatever the dialect's list says.
   */
  Optional<String> secret(String field) {
    return string(field, true);
  }

  private Optional<String> string(String field, boolean secret) {
    Optional<YamlNode> node = value(field);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof YamlNode.Scalar scalar
        && scalar.type() == YamlNode.ScalarType.STRING) {
      return Optional.of(scalar.text());
    }
    String got = shown(field, node.get(), secret);
    String hint = node.get() instanceof YamlNode.Scalar ? " (quote it to make it a string)" : "";
    problems.error(node.get().location(), path(field), "must be a string, got " + got + hint);
    return Optional.empty();
  }

  /** An integer within {@code [min, max]}; empty when absent or wrong (reported). */
  Optional<Integer> integerWithin(String field, int min, int max) {
    Optional<YamlNode> node = value(field);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof YamlNode.Scalar scalar
        && scalar.type() == YamlNode.ScalarType.INTEGER) {
      try {
        int value = Integer.parseInt(scalar.text().replace("_", ""));
        if (value >= min && value <= max) {
          return Optional.of(value);
        }
      } catch (NumberFormatException tooLarge) {
        // reported below like any other value out of range
      }
    }
    problems.error(
        node.get().location(),
        path(field),
        "must be an integer from " + min + " to " + max + ", got " + shown(field, node.get()));
    return Optional.empty();
  }

  /**
   * A string of at most {@code maxLength} characters matching {@code pattern} (null: any); empty
   * when absent or wrong (reported).
   */
  Optional<String> matching(String field, int maxLength, Pattern pattern) {
    Optional<String> value = string(field);
    if (value.isEmpty()) {
      return value;
    }
    if (value.get().length() > maxLength) {
      reportInvalid(
          field,
          "must be at most " + maxLength + " characters (it has " + value.get().length() + ")");
      return Optional.empty();
    }
    if (pattern != null && !pattern.matcher(value.get()).matches()) {
      reportInvalid(field, "must match " + pattern.pattern());
      return Optional.empty();
    }
    return value;
  }

  /** One of {@code allowed}, with a "did you mean" for a near miss. */
  Optional<String> oneOf(String field, List<String> allowed) {
    Optional<String> value = string(field);
    if (value.isEmpty() || allowed.contains(value.get())) {
      return value;
    }
    String hint =
        ClosestMatch.of(value.get(), allowed).map(m -> "; did you mean " + m + "?").orElse("");
    reportInvalid(field, "must be one of " + String.join(", ", allowed), hint);
    return Optional.empty();
  }

  /** A list; empty when absent, or (after an error) when it is not a list. */
  Optional<List<YamlNode>> list(String field) {
    Optional<YamlNode> node = value(field);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof YamlNode.Sequence sequence) {
      return Optional.of(sequence.items());
    }
    problems.error(
        node.get().location(), path(field), "must be a list, got " + shown(field, node.get()));
    return Optional.empty();
  }

  /** A mapping of strings to strings (labels, annotations, tags), in file order. */
  Map<String, String> stringMap(String field) {
    Map<String, String> values = new LinkedHashMap<>();
    child(field)
        .ifPresent(
            map -> {
              for (YamlNode.Entry entry : map.mapping().entries().values()) {
                map.string(entry.key()).ifPresent(v -> values.put(entry.key(), v));
              }
            });
    return values;
  }

  /**
   * A quantity greater than zero ({@code 1Gi}, {@code 500m}, {@code 2}); null when absent or wrong.
   */
  Quantity positiveQuantity(String field) {
    Optional<YamlNode> node = value(field);
    if (node.isEmpty()) {
      return null;
    }
    Optional<Quantity> quantity =
        node.get() instanceof YamlNode.Scalar scalar && scalar.type() != YamlNode.ScalarType.BOOLEAN
            ? QuantityReader.parse(scalar.text())
            : Optional.empty();
    if (quantity.isEmpty()) {
      problems.error(
          node.get().location(),
          path(field),
          "must be a Kubernetes quantity such as 1Gi or 500m, got " + shown(field, node.get()));
      return null;
    }
    if (!QuantityReader.isPositive(quantity.get())) {
      problems.error(
          node.get().location(),
          path(field),
          "must be greater than zero, got " + shown(field, node.get()));
      return null;
    }
    return quantity.get();
  }

  /** A nested mapping; empty when absent, or (after an error) when it is not a mapping. */
  Optional<FieldReader> child(String field) {
    Optional<YamlNode> node = value(field);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof YamlNode.Mapping child) {
      return Optional.of(nested(field, child));
    }
    problems.error(
        node.get().location(), path(field), "must be a mapping, got " + shown(field, node.get()));
    return Optional.empty();
  }

  /** Explains a present field (see {@link SpecProblems#note}); nothing when it is absent. */
  void note(String field, String message) {
    value(field).ifPresent(node -> problems.note(node.location(), path(field), message));
  }

  /** Reports a present field that is refused whatever its value, at the value. */
  void refuse(String field, String message) {
    value(field).ifPresent(node -> problems.error(node.location(), path(field), message));
  }

  /** Reports a problem with the key of {@code field} itself (not its value), at the key. */
  void reportKey(String field, String problem) {
    YamlNode.Entry entry = mapping.entries().get(field);
    SourceLocation at = entry == null ? mapping.location() : entry.keyLocation();
    problems.error(at, path(field), "the key " + problem);
  }

  SpecProblems problems() {
    return problems;
  }

  /**
   * Reports a value that has the right type but is not acceptable, at the value's location: {@code
   * expectation}, then the value as {@link #shown} shows it. The expectation never holds the value
   * itself.
   */
  void reportInvalid(String field, String expectation) {
    reportInvalid(field, expectation, "");
  }

  /**
   * As {@link #reportInvalid(String, String)} for a value that holds a credential: only its kind is
   * shown, whatever the dialect's list says.
   */
  void reportInvalidSecret(String field, String expectation) {
    Optional<YamlNode> node = value(field);
    SourceLocation at = node.map(YamlNode::location).orElse(mapping.location());
    String got = node.map(n -> ", got " + shown(field, n, true)).orElse("");
    problems.error(at, path(field), expectation + got);
  }

  /** As {@link #reportInvalid(String, String)}, with a hint after the value ("; did you mean"). */
  void reportInvalid(String field, String expectation, String hint) {
    Optional<YamlNode> node = value(field);
    SourceLocation at = node.map(YamlNode::location).orElse(mapping.location());
    String got = node.map(n -> ", got " + shown(field, n)).orElse("");
    problems.error(at, path(field), expectation + got + hint);
  }

  /**
   * Reports a problem of {@code field} (a field of this mapping, or an item of one) at {@code at}.
   */
  void error(SourceLocation at, String field, String message) {
    problems.error(at, path(field), message);
  }

  /** This mapping's own path, e.g. {@code spec.jetstream}. */
  String path() {
    return path;
  }
}
