package io.mooring.core.spec;

import java.util.List;

/**
 * The fields of a spec that can hold credentials: passwords, tokens, ACL rules, free-form server
 * configuration. A problem with such a field names the kind of value it found ("got a string"),
 * never the value, because problems reach the unauthenticated status page, logs and CI output.
 *
 * <p>A dialect lists its fields once, as dotted paths from the document root, and hands the list to
 * the {@link FieldReader} of its {@code spec}; every message of that reader and of the readers
 * below it follows the list. A path covers the field and everything below it ({@code spec.users}
 * covers {@code spec.users.admin.password}), so a key that contains a dot cannot slip past it.
 */
public final class SensitiveFields {
  public static final SensitiveFields NONE = new SensitiveFields(List.of());

  private final List<String> paths;

  private SensitiveFields(List<String> paths) {
    this.paths = List.copyOf(paths);
  }

  public static SensitiveFields of(String... paths) {
    return new SensitiveFields(List.of(paths));
  }

  /** True when a problem with {@code fieldPath} must not repeat the field's value. */
  public boolean covers(String fieldPath) {
    for (String path : paths) {
      if (fieldPath.equals(path)
          || fieldPath.startsWith(path + ".")
          || fieldPath.startsWith(path + "[")) {
        return true;
      }
    }
    return false;
  }

  public List<String> paths() {
    return paths;
  }
}
