package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Aiven's service_to_fork_from and recovery_basebackup_name become the new app's restore. */
class AivenForkTest {
  private static final SpecParser PARSER = SpecParser.standard(SpecParserOptions.defaults());

  private static final String SOURCE =
      """
      apiVersion: cache.hera.io/v1alpha1
      kind: RedisInstance
      metadata: {name: orders-cache}
      spec:
        backup: {schedule: "0 */6 * * *"}
      """;

  private static SpecParseResult parse(String userConfig) {
    return PARSER.parse(
        List.of(
            SpecFile.of("apps/source.yaml", SOURCE),
            SpecFile.of(
                "apps/copy.yaml",
                """
                apiVersion: aiven.io/v1alpha1
                kind: Redis
                metadata:
                  name: orders-copy
                spec:
                  project: my-project
                  plan: startup-1
                  userConfig:
                """
                    + userConfig)));
  }

  private static RedisSpec copy(SpecParseResult result) {
    return (RedisSpec)
        result.specs().stream()
            .filter(spec -> spec.ref().name().equals("orders-copy"))
            .findFirst()
            .orElseThrow();
  }

  @Test
  void aForkOfAnAppNotInTheRepositoryIsRefused() {
    SpecParseResult result = parse("    service_to_fork_from: orders-gone\n");

    assertThat(result.errors()).anyMatch(e -> e.toString().contains("service_to_fork_from"));
  }

  @Test
  void aForkRestoresTheNamedBackupOfTheOtherService() {
    SpecParseResult result =
        parse(
            """
                service_to_fork_from: orders-cache
                recovery_basebackup_name: 20261130T120000Z
            """);

    assertThat(result.errors()).isEmpty();
    RedisRestore restore = copy(result).protection().restore().orElseThrow();
    assertThat(restore.fromApp()).isEqualTo("orders-cache");
    assertThat(restore.backup()).isEqualTo("20261130T120000Z");
    assertThat(restore.pointInTime()).isEqualTo(Optional.empty());
  }

  @Test
  void aForkWithoutABaseBackupRestoresTheLatest() {
    SpecParseResult result = parse("    service_to_fork_from: orders-cache\n");

    assertThat(result.errors()).isEmpty();
    assertThat(copy(result).protection().restore().orElseThrow().latest()).isTrue();
  }
}
