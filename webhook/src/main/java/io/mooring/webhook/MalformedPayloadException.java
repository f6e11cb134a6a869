package io.mooring.webhook;

/** A webhook body that is not the JSON push payload its headers announce. */
public final class MalformedPayloadException extends Exception {
  public MalformedPayloadException(String message) {
    super(message);
  }
}
