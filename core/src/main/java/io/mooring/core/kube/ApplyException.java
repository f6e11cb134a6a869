package io.mooring.core.kube;

import io.mooring.core.diff.ObjectKey;

/** An API write that failed for good (after retries); names the object, never its contents. */
public final class ApplyException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ObjectKey object;

  public ApplyException(ObjectKey object, String operation, Throwable cause) {
    super(operation + " of " + object + " failed: " + describe(cause), cause);
    this.object = object;
  }

  public ObjectKey object() {
    return object;
  }

  private static String describe(Throwable cause) {
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
