package io.mooring.core.spec;

import java.util.Objects;

/**
 * The identity of one app: two specs with the same ref are the same app, wherever they are written.
 */
public record AppRef(AppKind kind, String namespace, String name) implements Comparable<AppRef> {

  public AppRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /**
   * The value of the {@code mooring.io/app} label: {@code <kind>.<name>}. The namespace is not part
   * of it because every object Mooring writes lives in its app's namespace, and a label value is
   * limited to 63 characters: namespace and name together would not fit.
   */
  public String labelValue() {
    return kind.id() + "." + name;
  }

  /**
   * The app an object belongs to, from its label value and namespace; null when not one Mooring
   * wrote.
   */
  public static AppRef fromLabel(String labelValue, String namespace) {
    if (labelValue == null || namespace == null) {
      return null;
    }
    int dot = labelValue.indexOf('.');
    if (dot <= 0 || dot == labelValue.length() - 1) {
      return null;
    }
    try {
      return new AppRef(
          AppKind.fromId(labelValue.substring(0, dot)), namespace, labelValue.substring(dot + 1));
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
