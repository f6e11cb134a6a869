package io.mooring.core.render.nats;

import io.mooring.core.spec.SourceLocation;

/**
 * A NATS spec that reads fine but cannot be rendered safely, for example a {@code config.merge}
 * that would drop the routes or the system account. Names the file, line and field; never a secret
 * value.
 */
public final class NatsRenderException extends RuntimeException {
  private final SourceLocation source;
  private final String field;

  public NatsRenderException(SourceLocation source, String field, String message) {
    super(source + ": " + field + ": " + message);
    this.source = source;
    this.field = field;
  }

  public SourceLocation source() {
    return source;
  }

  /** Dotted path of the offending field, e.g. {@code spec.config.merge.cluster.routes}. */
  public String field() {
    return field;
  }
}
