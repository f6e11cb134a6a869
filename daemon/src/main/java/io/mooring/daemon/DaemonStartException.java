package io.mooring.daemon;

/** The daemon could not start; the message says which part failed and why, for the operator. */
public final class DaemonStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DaemonStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
