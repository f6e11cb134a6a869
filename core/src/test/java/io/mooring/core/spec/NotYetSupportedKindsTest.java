package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Other operators' Redis kinds are recognised and refused until Mooring deploys them: a repository
 * of them must not validate as "0 apps, valid".
 */
class NotYetSupportedKindsTest {
  private static final SpecParser PARSER = SpecParser.standard(SpecParserOptions.defaults());

  // The Hera Redis operator's two kinds, as its plan shows them.
  private static final String HERA =
      """
      apiVersion: cache.hera.io/v1alpha1
      kind: RedisInstance
      metadata:
        name: my-redis
      spec:
        version: "7.2"
        persistence:
          enabled: true
          size: "1Gi"
      ---
      apiVersion: cache.hera.io/v1alpha1
      kind: RedisCluster
      metadata:
        name: my-redis-cluster
      spec:
        version: "7.2"
        masters: 3
        replicasPerMaster: 1
      """;

  @Test
  void bothHeraKindsAreErrorsAtTheirKinds() {
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("hera.yaml", HERA)));

    assertThat(result.valid()).isFalse();
    assertThat(result.errors())
        .extracting(SpecError::line, SpecError::column, SpecError::fieldPath)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, 7, "kind"),
            org.assertj.core.groups.Tuple.tuple(12, 7, "kind"));
    assertThat(result.errors())
        .extracting(SpecError::message)
        .allSatisfy(message -> assertThat(message).contains("is recognised but not supported yet"))
        .anySatisfy(
            message -> assertThat(message).startsWith("cache.hera.io/v1alpha1 RedisInstance"))
        .anySatisfy(
            message -> assertThat(message).startsWith("cache.hera.io/v1alpha1 RedisCluster"));
  }

  @Test
  void otherKindsOfTheseApisAreStillSkippedWithAWarning() {
    String kafka =
        "apiVersion: aiven.io/v1alpha1\nkind: Kafka\nmetadata:\n  name: events\nspec:\n  plan: x\n";

    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("kafka.yaml", kafka)));

    assertThat(result.valid()).isTrue();
    assertThat(result.warnings())
        .extracting(SpecError::toString)
        .containsExactly(
            "kafka.yaml:1:1: warning: skipped: aiven.io/v1alpha1 Kafka is not a kind Mooring deploys");
  }
}
