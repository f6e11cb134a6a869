package io.mooring.core.spec;

import java.util.Objects;

/** The identity of one app: two specs with the same ref are the same app, wherever they are written. */
public record AppRef(AppKind kind, String namespace, String name) implements Comparable<AppRef> {

  public AppRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /** The value of the {@code mooring.io/app} label: {@code <kind>.<namespace>.<name>}. */
  public String labelValue() {
    return kind.id() + "." + namespace + "." + name;
  }

  /** Inverse of {@link #labelValue()}; null when the value is not one Mooring wrote. */
  public static AppRef fromLabelValue(String value) {
    if (value == null) {
      return null;
    }
    String[] parts = value.split("\\.", 3);
    if (parts.length != 3) {
      return null;
    }
    try {
      return new AppRef(AppKind.fromId(parts[0]), parts[1], parts[2]);
    } catch (IllegalArgumentException unknownKind) {
      return null;
    }
  }

  @Override
  public int compareTo(AppRef other) {
    int byKind = kind.compareTo(other.kind);
    if (byKind != 0) {
      return byKind;
    }
    int byNamespace = namespace.compareTo(other.namespace);
    return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return kind.id() + "/" + namespace + "/" + name;
  }
}
