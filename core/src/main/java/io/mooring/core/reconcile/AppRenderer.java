package io.mooring.core.reconcile;

import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.SpecRenderException;
import io.mooring.core.spec.AppSpec;

/**
 * Turns a spec into the objects it should have. The daemon passes the Redis and NATS renderers. A
 * {@link SpecRenderException} makes the app Invalid (the spec's author must change it); any other
 * exception is an internal error (a bug in Mooring). Either way its live objects stay untouched: a
 * spec that cannot be rendered must never cause a prune.
 */
@FunctionalInterface
public interface AppRenderer {
  /**
   * Renders {@code spec}.
   *
   * @param live the app's Secrets as they are in the cluster; generated values found there are
   *     reused, and what is derived from them is derived from the live values
   */
  DesiredState render(AppSpec spec, LiveSecrets live);
}
