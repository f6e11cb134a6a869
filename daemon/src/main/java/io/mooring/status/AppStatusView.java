package io.mooring.status;

import java.time.Instant;
import java.util.List;

/**
 * One app as the status API and page show it. Values of Secret fields are already masked here: this
 * record leaves the process.
 */
public record AppStatusView(
    String kind,
    String namespace,
    String name,
    String status,
    String revision,
    Instant lastSyncTime,
    String message,
    List<DriftedObject> drifted,
    List<String> errors) {

  public AppStatusView {
    drifted = List.copyOf(drifted);
    errors = List.copyOf(errors);
  }

  public String key() {
    return kind + "/" + namespace + "/" + name;
  }

  /** A live object that differs from git, with each differing field. */
  public record DriftedObject(String kind, String name, List<FieldChange> fields) {
    public DriftedObject {
      fields = List.copyOf(fields);
    }
  }

  public record FieldChange(String path, String desired, String live) {}
}
