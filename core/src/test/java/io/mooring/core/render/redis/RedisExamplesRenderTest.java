package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every Redis app of the example config repo renders into the seed chart's components plus budgets.
 */
class RedisExamplesRenderTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void everyExampleRedisAppHasTheSeedChartsComponents() throws IOException {
    SpecParseResult result =
        SpecParser.standard(SpecParserOptions.defaults()).parsePaths(List.of(EXAMPLES));
    List<RedisSpec> specs =
        result.specs().stream()
            .filter(RedisSpec.class::isInstance)
            .map(RedisSpec.class::cast)
            .toList();
    assertThat(specs).hasSizeGreaterThanOrEqualTo(4);
    for (RedisSpec spec : specs) {
      DesiredState state = RedisRenderer.render(spec, RedisTestSpecs.OPTIONS);
      String name = spec.ref().name();
      List<String> objects =
          state.objects().stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
      assertThat(objects)
          .as(spec.ref().toString())
          .contains(
              "StatefulSet/" + name + "-redis",
              "Deployment/" + name + "-redis-exporter",
              "Service/" + name + "-redis-exporter",
              "PodDisruptionBudget/" + name + "-redis");
      if (spec.highlyAvailable()) {
        assertThat(objects)
            .as(spec.ref().toString())
            .contains(
                "Deployment/" + name + "-sentinel",
                "Service/" + name + "-sentinel",
                "ConfigMap/" + name + "-sentinel-config",
                "PodDisruptionBudget/" + name + "-sentinel");
      }
      assertThat(objects.contains("Secret/" + name + "-redis-auth")).isEqualTo(spec.authEnabled());
      assertThat(RedisRendererGoldenTest.statefulSet(state).getSpec().getVolumeClaimTemplates())
          .hasSize(1);
      assertThat(state.objects())
          .allSatisfy(
              o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(spec.ref().namespace()));
      assertThat(
              state.objects().stream()
                  .map(HasMetadata::getMetadata)
                  .map(m -> m.getLabels().get("mooring.io/app")))
          .containsOnly(spec.ref().labelValue());
    }
  }
}
