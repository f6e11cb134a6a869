package io.mooring.core.render.common;

import io.mooring.core.spec.SourceLocation;

/**
 * A spec that reads fine but cannot be rendered safely: the spec's author has to change it. Names
 * the file, line and field; never a secret value. Any other exception thrown while rendering is a
 * bug in Mooring, and is never reported as a problem of the spec.
 */
public class SpecRenderException extends RuntimeException {
  private final SourceLocation source;
  private final String field;
  private final String reason;

  public SpecRenderException(SourceLocation source, String field, String reason) {
    super(source + ": " + field + ": " + reason);
    this.source = source;
    this.field = field;
    this.reason = reason;
  }

  public SourceLocation source() {
    return source;
  }

  /** Dotted path of the offending field, e.g. {@code spec.config.merge.cluster.routes}. */
  public String field() {
    return field;
  }

  /** What is wrong with the field, without the place. */
  public String reason() {
    return reason;
  }
}
