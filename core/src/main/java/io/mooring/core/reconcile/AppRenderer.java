package io.mooring.core.reconcile;

import io.mooring.core.render.DesiredState;
import io.mooring.core.spec.AppSpec;

/**
 * Turns a spec into the objects it should have. The daemon passes the Redis and NATS renderers; a
 * failure to render (an {@link IllegalArgumentException} naming the field) makes the app Invalid.
 */
@FunctionalInterface
public interface AppRenderer {
  DesiredState render(AppSpec spec);
}
