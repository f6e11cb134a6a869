package io.mooring.gitsync;

/**
 * Credentials could not be obtained (missing file or variable). The message never holds a secret.
 */
public class GitAuthException extends Exception {
  public GitAuthException(String message) {
    super(message);
  }
}
