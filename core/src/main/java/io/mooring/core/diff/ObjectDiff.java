package io.mooring.core.diff;

import java.util.List;

/**
 * The fields of one object that drifted from the desired state; empty when the object is in sync.
 */
public record ObjectDiff(ObjectKey key, List<FieldDrift> drifts) {

  public ObjectDiff {
    drifts = List.copyOf(drifts);
  }

  public boolean inSync() {
    return drifts.isEmpty();
  }

  public List<String> paths() {
    return drifts.stream().map(FieldDrift::path).toList();
  }
}
