package io.mooring.gitsync;

/**
 * A fetch failed; the mirror keeps its last good snapshot. The message is safe to log and show: it
 * never holds credentials.
 */
public class GitFetchException extends Exception {
  public GitFetchException(String message) {
    super(message);
  }
}
