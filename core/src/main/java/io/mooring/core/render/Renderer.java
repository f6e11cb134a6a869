package io.mooring.core.render;

import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.render.nats.NatsRenderer;
import io.mooring.core.render.redis.RedisRenderer;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.spec.RedisSpec;

/** Turns any app spec into its desired objects, through the renderer of its kind. */
public final class Renderer {
  private final RenderOptions options;

  public Renderer(RenderOptions options) {
    this.options = options;
  }

  public DesiredState render(AppSpec spec) {
    if (spec instanceof RedisSpec redis) {
      return RedisRenderer.render(redis, options);
    }
    if (spec instanceof NatsSpec nats) {
      return NatsRenderer.render(nats, options);
    }
    throw new IllegalArgumentException("no renderer for " + spec.getClass().getSimpleName());
  }
}
