package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cozystack: "if resources is set, resourcesPreset is ignored"; an empty one leaves the preset. */
class ExplicitResourcesTest {
  private static final String HEAD =
      "apiVersion: apps.cozystack.io/v1alpha1\nkind: Redis\nmetadata:\n  name: cache\nspec:\n";
  private final SpecParser parser = SpecParser.standard(SpecParserOptions.defaults());

  @Test
  void explicitResourcesReplaceThePresetAsAWholeAndThePresetIsReportedIgnored() {
    SpecParseResult result =
        parse("  resourcesPreset: large\n  resources:\n    cpu: 500m\n    memory: 3Gi\n");

    RedisSpec redis = (RedisSpec) result.specs().get(0);
    assertThat(redis.resources())
        .isEqualTo(
            new ComputeResources(
                new Quantity("500m"),
                new Quantity("500m"),
                new Quantity("3Gi"),
                new Quantity("3Gi")));
    assertThat(result.warnings())
        .extracting(SpecError::toString)
        .containsExactly(
            "r.yaml:6:20 spec.resourcesPreset: warning: is ignored because resources is set");
  }

  @Test
  void resourcesWithOnlyCpuAreRefusedInsteadOfTakingTheMemoryFromTheIgnoredPreset() {
    SpecParseResult result = parse("  resourcesPreset: large\n  resources:\n    cpu: 2\n");

    assertThat(result.specs()).isEmpty();
    assertThat(result.errors())
        .extracting(SpecError::toString)
        .containsExactly(
            "r.yaml:8:5 spec.resources.memory: is required when resources is set, because"
                + " resourcesPreset is then ignored; give both cpu and memory, or remove resources"
                + " to use the preset");
  }

  @Test
  void resourcesWithOnlyMemoryAreRefusedToo() {
    SpecParseResult result = parse("  resources:\n    memory: 1Gi\n");

    assertThat(result.errors())
        .extracting(SpecError::fieldPath)
        .containsExactly("spec.resources.cpu");
  }

  @Test
  void anEmptyOrAbsentResourcesLeavesThePresetInForce() {
    RedisSpec empty =
        (RedisSpec) parse("  resourcesPreset: large\n  resources: {}\n").specs().get(0);
    RedisSpec absent = (RedisSpec) parse("  resourcesPreset: small\n").specs().get(0);

    assertThat(empty.resources()).isEqualTo(ResourcePreset.LARGE.resources());
    assertThat(absent.resources()).isEqualTo(ResourcePreset.SMALL.resources());
  }

  private SpecParseResult parse(String spec) {
    return parser.parse(List.of(SpecFile.of("r.yaml", HEAD + spec)));
  }
}
