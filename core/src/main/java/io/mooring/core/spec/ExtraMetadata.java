package io.mooring.core.spec;

import java.util.Map;

/**
 * Labels and annotations a spec puts on every object of its app (never on pod templates or
 * selectors, so changing them rolls nothing).
 */
public record ExtraMetadata(Map<String, String> labels, Map<String, String> annotations) {
  public static final ExtraMetadata NONE = new ExtraMetadata(Map.of(), Map.of());

  public ExtraMetadata {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  public boolean isEmpty() {
    return labels.isEmpty() && annotations.isEmpty();
  }
}
