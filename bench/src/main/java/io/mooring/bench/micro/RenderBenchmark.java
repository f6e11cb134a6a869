package io.mooring.bench.micro;

import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Rendering one app spec into all its Kubernetes objects (passwords drawn as in production). */
@State(Scope.Benchmark)
public class RenderBenchmark {
  private final Renderer renderer = new Renderer(RenderOptions.defaults());
  private final AppSpec redis = MicroFixtures.spec(AppKind.REDIS);
  private final AppSpec nats = MicroFixtures.spec(AppKind.NATS);

  @Benchmark
  public DesiredState renderRedisApp() {
    return renderer.render(redis);
  }

  @Benchmark
  public DesiredState renderNatsApp() {
    return renderer.render(nats);
  }
}
