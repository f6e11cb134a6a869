package io.mooring.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.render.redis.RedisDirectives;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisConfChangesTest {
  private static final String BEFORE =
      """
      # a comment
      port 6379
      maxmemory 100mb
      maxmemory-policy noeviction
      io-threads 1
      save 3600 1
      save 300 100
      """;

  @Test
  void liveDirectivesAreSeparatedFromRestartOnlyOnes() {
    String after =
        BEFORE
                .replace("maxmemory-policy noeviction", "maxmemory-policy allkeys-random")
                .replace("io-threads 1", "io-threads 4")
                .replace("save 300 100", "save 60 10000")
            + "notify-keyspace-events Ex\n";

    RedisConfChanges changes = RedisConfChanges.between(BEFORE, after, RedisDirectives::live);

    assertThat(changes.live())
        .isEqualTo(
            Map.of(
                "maxmemory-policy", "allkeys-random",
                "save", "3600 1 60 10000",
                "notify-keyspace-events", "Ex"));
    assertThat(changes.restartOnly()).containsExactly("io-threads");
  }

  @Test
  void aRemovedLiveDirectiveIsSetEmptyAndEqualTextsHaveNoChange() {
    assertThat(
            RedisConfChanges.between(
                    BEFORE,
                    BEFORE.replace("save 3600 1\nsave 300 100\n", ""),
                    RedisDirectives::live)
                .live())
        .isEqualTo(Map.of("save", ""));
    assertThat(RedisConfChanges.between(BEFORE, BEFORE, RedisDirectives::live).isEmpty()).isTrue();
  }

  @Test
  void aQuotedValueIsSetWithoutItsQuotes() {
    assertThat(
            RedisConfChanges.between(
                    BEFORE,
                    BEFORE.replace("save 3600 1\nsave 300 100\n", "save \"\"\n"),
                    RedisDirectives::live)
                .live())
        .isEqualTo(Map.of("save", ""));
  }
}
