package io.mooring.core.render;

import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.render.nats.NatsRenderer;
import io.mooring.core.render.redis.RedisRenderer;
import io.mooring.core.render.rediscluster.RedisClusterRenderer;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisSpec;

/** Turns any app spec into its desired objects, through the renderer of its kind. */
public final class Renderer {
  private final RenderOptions options;

  public Renderer(RenderOptions options) {
    this.options = options;
  }

  /** Renders with nothing live, as for a first sync or without a cluster. */
  public DesiredState render(AppSpec spec) {
    return render(spec, LiveSecrets.NONE);
  }

  /**
   * Renders {@code spec} from what is live.
   *
   * @param live the app's Secrets as they are in the cluster (see {@link LiveSecrets})
   */
  public DesiredState render(AppSpec spec, LiveSecrets live) {
    if (spec instanceof RedisSpec redis) {
      return RedisRenderer.render(redis, options, live);
    }
    if (spec instanceof RedisClusterSpec cluster) {
      return RedisClusterRenderer.render(cluster, options, live);
    }
    if (spec instanceof NatsSpec nats) {
      return NatsRenderer.render(nats, options, live);
    }
    throw new IllegalArgumentException("no renderer for " + spec.getClass().getSimpleName());
  }
}
