package io.mooring.core.spec;

import java.util.Map;

/**
 * One document whose envelope has been read and checked: its identity, where it starts, its
 * annotations, and its {@code spec} mapping (empty, located at the document, when {@code spec:} is
 * empty).
 */
public record SpecDocument(
    AppRef ref, SourceLocation source, Map<String, String> annotations, YamlNode.Mapping spec) {
  public SpecDocument {
    annotations = Map.copyOf(annotations);
  }

  @Override
  public String toString() {
    return "SpecDocument[" + ref + " at " + source + "]";
  }
}
