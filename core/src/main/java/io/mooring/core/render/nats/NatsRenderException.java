package io.mooring.core.render.nats;

import io.mooring.core.render.common.SpecRenderException;
import io.mooring.core.spec.SourceLocation;

/**
 * A NATS spec that reads fine but cannot be rendered safely, for example a {@code config.merge}
 * that would drop the routes or the system account. Names the file, line and field; never a secret
 * value.
 */
public final class NatsRenderException extends SpecRenderException {
  public NatsRenderException(SourceLocation source, String field, String message) {
    super(source, field, message);
  }
}
