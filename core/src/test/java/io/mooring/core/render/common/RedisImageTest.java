package io.mooring.core.render.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.spec.RedisEngine;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisImageTest {

  @ParameterizedTest(name = "{0} with version {1} runs {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          redis:7.2.5-alpine                        | -   | redis:7.2.5-alpine
          redis:7.2.5-alpine                        | 7.2 | redis:7.2.5-alpine
          redis:7.2.5-alpine                        | 7.0 | redis:7.0-alpine
          redis:7.2.5-alpine                        | 6.2 | redis:6.2-alpine
          mirror.example.com:5000/lib/redis:7.2.5   | 6.2 | mirror.example.com:5000/lib/redis:6.2
          redis:7.0                                 | 7.2 | redis:7.2
          redis:hardened                            | 6.2 | redis:hardened
          """)
  void theSpecsVersionPicksTheTagFamilyAndKeepsTheConfiguredVariantAndRepository(
      String configured, String version, String expected) {
    int colon = configured.lastIndexOf(':');
    ContainerImage image =
        new ContainerImage(configured.substring(0, colon), configured.substring(colon + 1));

    ContainerImage chosen =
        RedisImage.of(
            image, new RedisEngine(RedisEngine.Family.REDIS, Optional.ofNullable(version)));

    assertThat(chosen.reference()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"6.2", "7.0"})
  void aDigestPinIsTheInstallsChoiceWhateverTheVersion(String version) {
    ContainerImage pinned = new ContainerImage("redis", "sha256:" + "a".repeat(64));

    assertThat(
            RedisImage.of(pinned, new RedisEngine(RedisEngine.Family.REDIS, Optional.of(version))))
        .isEqualTo(pinned);
  }
}
