package io.mooring.forge;

/**
 * One status to set on one commit.
 *
 * @param context GitHub's {@code context}, GitLab's {@code name}: one line per cluster in the UI
 * @param description at most {@link #MAX_DESCRIPTION} characters (GitHub's limit)
 * @param targetUrl where the status links to, or null
 */
public record CommitStatus(
    String sha, CommitState state, String context, String description, String targetUrl) {
  public static final int MAX_DESCRIPTION = 140;

  public CommitStatus {
    description = cut(description == null ? "" : description);
  }

  private static String cut(String text) {
    if (text.length() <= MAX_DESCRIPTION) {
      return text;
    }
    return text.substring(0, MAX_DESCRIPTION - 1) + "…";
  }
}
