package io.mooring.gitsync;

import java.util.Locale;

/**
 * Rules for repository-relative paths. Tree entries come from a remote Mooring does not control, so
 * a path is only handed out when every segment is an ordinary name: nothing that could climb out of
 * the repository once a caller joins it to a directory.
 */
final class RepoPaths {

  private RepoPaths() {}

  /**
   * Normalizes the configured spec folder: no leading or trailing slash, "" for the whole
   * repository. A leading slash is accepted: in a repository it can only mean the repository's
   * root.
   */
  static String normalizeFolder(String folder) {
    String trimmed = folder.strip().replace('\\', '/');
    StringBuilder normalized = new StringBuilder();
    for (String segment : trimmed.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        throw new IllegalArgumentException(
            "git source: path '" + folder + "' must not contain '..'");
      }
      if (normalized.length() > 0) {
        normalized.append('/');
      }
      normalized.append(segment);
    }
    return normalized.toString();
  }

  /**
   * True when every segment of a tree path is a plain name (no "", ".", "..", backslash or control
   * char).
   */
  static boolean isSafe(String path) {
    if (path.isEmpty() || path.startsWith("/")) {
      return false;
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (c == '\\' || c < 0x20 || c == 0x7f) {
          return false;
        }
      }
    }
    return true;
  }

  static boolean isSpecFile(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml");
  }

  /**
   * True when {@code path} lies inside {@code folder} (normalized as by {@link #normalizeFolder}).
   */
  static boolean isUnder(String folder, String path) {
    return folder.isEmpty() || path.startsWith(folder + "/");
  }

  /**
   * A spec file Mooring reads: a YAML file inside the spec folder. Safety is checked separately.
   */
  static boolean isSpecFileUnder(String folder, String path) {
    return isUnder(folder, path) && isSpecFile(path);
  }
}
