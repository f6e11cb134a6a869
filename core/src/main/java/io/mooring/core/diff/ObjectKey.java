package io.mooring.core.diff;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/** Identity of one Kubernetes object within the kinds Mooring manages. */
public record ObjectKey(String kind, String namespace, String name) {

  public ObjectKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  public static ObjectKey of(HasMetadata object) {
    return new ObjectKey(
        object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  @Override
  public String toString() {
    return kind + " " + (namespace == null ? "" : namespace + "/") + name;
  }
}
