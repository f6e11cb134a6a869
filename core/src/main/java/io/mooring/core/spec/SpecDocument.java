package io.mooring.core.spec;

import java.util.Map;

/**
 * One document whose envelope has been read and checked: its identity, where it starts, its
 * annotations, and its {@code spec} mapping (empty, located at the document, when {@code spec:} is
 * empty), and its {@code kind} as written ({@code Valkey} where the canonical kind is Redis).
 */
public record SpecDocument(
    AppRef ref,
    SourceLocation source,
    Map<String, String> annotations,
    YamlNode.Mapping spec,
    String kind) {
  public SpecDocument {
    annotations = Map.copyOf(annotations);
  }

  /** A document whose kind as written does not matter to its dialect. */
  public SpecDocument(
      AppRef ref, SourceLocation source, Map<String, String> annotations, YamlNode.Mapping spec) {
    this(ref, source, annotations, spec, ref.kind().id());
  }

  @Override
  public String toString() {
    return "SpecDocument[" + ref + " at " + source + "]";
  }
}
