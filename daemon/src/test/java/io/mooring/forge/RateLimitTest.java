package io.mooring.forge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);

  @Test
  void retryAfterWinsOnBothHosts() {
    assertThat(RateLimit.waitFor(429, Map.of("Retry-After", "30"), NOW))
        .contains(Duration.ofSeconds(30));
    assertThat(RateLimit.waitFor(403, Map.of("retry-after", "5"), NOW))
        .contains(Duration.ofSeconds(5));
  }

  @Test
  void githubPrimaryLimitWaitsUntilTheReset() {
    Map<String, String> headers =
        Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", "1700000042");
    assertThat(RateLimit.waitFor(403, headers, NOW)).contains(Duration.ofSeconds(42));
  }

  @Test
  void gitlabResetHeaderIsRead() {
    assertThat(RateLimit.waitFor(429, Map.of("RateLimit-Reset", "1700000010"), NOW))
        .contains(Duration.ofSeconds(10));
  }

  @Test
  void aResetInThePastMeansNoWait() {
    assertThat(RateLimit.waitFor(429, Map.of("RateLimit-Reset", "1600000000"), NOW))
        .contains(Duration.ZERO);
  }

  @Test
  void aForbiddenAnswerWithoutLimitHeadersIsNoRateLimit() {
    assertThat(RateLimit.waitFor(403, Map.of("x-ratelimit-remaining", "4999"), NOW)).isEmpty();
    assertThat(RateLimit.waitFor(403, Map.of(), NOW)).isEmpty();
    assertThat(RateLimit.waitFor(500, Map.of("Retry-After", "3"), NOW)).isEmpty();
  }

  @Test
  void a429WithoutTimeWaitsAMinute() {
    assertThat(RateLimit.waitFor(429, Map.of(), NOW)).contains(Duration.ofMinutes(1));
  }
}
