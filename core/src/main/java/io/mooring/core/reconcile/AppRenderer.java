package io.mooring.core.reconcile;

import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.AppSpec;

/**
 * Turns a spec into the objects it should have. The daemon passes the Redis and NATS renderers. Any
 * exception from rendering makes the app Invalid, so its live objects stay untouched: a spec that
 * cannot be rendered must never cause a prune.
 */
@FunctionalInterface
public interface AppRenderer {
  DesiredState render(AppSpec spec);
}
