package io.mooring.bench.micro;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mooring.core.diff.Differ;
import io.mooring.core.diff.ObjectDiff;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.AppKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Diffing one Redis StatefulSet against its live copy as an API server returns it: server-owned
 * metadata and status added, everything Mooring declares equal (the common, in-sync case).
 */
@State(Scope.Benchmark)
public class DiffBenchmark {
  private final Differ differ = Differ.standard();
  private final StatefulSet desired = statefulSet();
  private final StatefulSet live =
      new StatefulSetBuilder(desired)
          .editMetadata()
          .withResourceVersion("4711")
          .withUid("6f1c2d3e-0000-4000-8000-000000000001")
          .withGeneration(3L)
          .withCreationTimestamp("2026-01-01T00:00:00Z")
          .endMetadata()
          .withNewStatus()
          .withReplicas(2)
          .withReadyReplicas(2)
          .withCurrentReplicas(2)
          .withObservedGeneration(3L)
          .endStatus()
          .build();

  @Benchmark
  public ObjectDiff diffStatefulSet() {
    return differ.diff(desired, live);
  }

  private static StatefulSet statefulSet() {
    for (HasMetadata object :
        new Renderer(RenderOptions.defaults())
            .render(MicroFixtures.spec(AppKind.REDIS))
            .objects()) {
      if (object instanceof StatefulSet statefulSet) {
        return statefulSet;
      }
    }
    throw new IllegalStateException("a Redis app renders a StatefulSet");
  }
}
