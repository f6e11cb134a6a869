package io.mooring.core.nats;

/**
 * Talking to a NATS cluster about its JetStream meta group failed; the message says where and why.
 */
public final class JetStreamPeersException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JetStreamPeersException(String message) {
    super(message);
  }

  public JetStreamPeersException(String message, Throwable cause) {
    super(message, cause);
  }
}
