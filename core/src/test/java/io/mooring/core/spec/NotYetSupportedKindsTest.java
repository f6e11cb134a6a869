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

  // The usage example of the Aiven operator's Redis resource.
  private static final String AIVEN_REDIS =
      """
      apiVersion: aiven.io/v1alpha1
      kind: Redis
      metadata:
        name: k8s-redis
      spec:
        authSecretRef:
          name: aiven-token
          key: token
        project: my-aiven-project
        cloudName: google-europe-west1
        plan: startup-4
        userConfig:
          redis_maxmemory_policy: allkeys-random
      """;

  @Test
  void anAivenRedisIsAnErrorAtItsKind() {
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("aiven.yaml", AIVEN_REDIS)));

    assertThat(result.valid()).isFalse();
    assertThat(result.specs()).isEmpty();
    assertThat(result.invalidFiles()).containsExactly("aiven.yaml");
    assertThat(result.warnings()).isEmpty();
    assertThat(result.errors())
        .extracting(SpecError::toString)
        .containsExactly(
            "aiven.yaml:2:7 kind: aiven.io/v1alpha1 Redis (the Aiven operator) is recognised but"
                + " not supported yet; Mooring deploys apps.cozystack.io/v1alpha1 Redis and NATS");
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
