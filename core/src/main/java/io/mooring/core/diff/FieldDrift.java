package io.mooring.core.diff;

/**
 * One field whose live value differs from what Mooring declares. Values are rendered as text (JSON
 * for maps and lists); {@code null} means the field is absent. Secret values arrive here already
 * masked.
 */
public record FieldDrift(String path, String desired, String live) {

  /** Shown instead of a Secret value: the user learns that it differs, never what it is. */
  public static final String MASK = "***";

  /** A drift on a Secret value: both sides are replaced by {@link #MASK} (absent stays absent). */
  public static FieldDrift masked(String path, Object desired, Object live) {
    return new FieldDrift(path, desired == null ? null : MASK, live == null ? null : MASK);
  }

  @Override
  public String toString() {
    return path + ": " + show(desired) + " -> " + show(live);
  }

  private static String show(String value) {
    return value == null ? "<absent>" : value;
  }
}
