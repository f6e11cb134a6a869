package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rotate-passwords annotation reaches the parsed Redis spec whatever the dialect. */
class RotateAnnotationTest {
  private static final String METADATA =
      """
      metadata:
        name: cache
        annotations:
          mooring.io/rotate-passwords: "2026-q1, after the audit"
      """;

  private static RedisSpec parse(String head, String spec) {
    SpecParseResult result =
        SpecParser.standard(SpecParserOptions.defaults())
            .parse(List.of(SpecFile.of("cache.yaml", head + METADATA + spec)));
    assertThat(result.errors()).isEmpty();
    return (RedisSpec) result.specs().get(0);
  }

  @Test
  void cozystackHeraAndAivenSpecsAllCarryTheAnnotation() {
    List<RedisSpec> specs =
        List.of(
            parse("apiVersion: apps.cozystack.io/v1alpha1\nkind: Redis\n", ""),
            parse("apiVersion: cache.hera.io/v1alpha1\nkind: RedisInstance\n", ""),
            parse(
                "apiVersion: aiven.io/v1alpha1\nkind: Valkey\n",
                "spec:\n  project: my-aiven-project\n  plan: premium-8\n"));
    assertThat(specs)
        .allSatisfy(
            spec ->
                assertThat(spec.annotations())
                    .containsEntry(PasswordRotation.ANNOTATION, "2026-q1, after the audit"));
  }
}
