package io.mooring.forge;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a refusal for too many requests from an answer's status and headers. GitHub answers 403 or
 * 429 with {@code retry-after} (seconds) or with {@code x-ratelimit-remaining: 0} and {@code
 * x-ratelimit-reset} (Unix seconds); GitLab answers 429 with {@code Retry-After} and {@code
 * RateLimit-Reset} (Unix seconds). A 403 without them is a permission problem, not a limit.
 */
public final class RateLimit {
  /** GitHub asks to wait at least a minute when a secondary limit names no time. */
  static final Duration UNNAMED_WAIT = Duration.ofMinutes(1);

  private RateLimit() {}

  /**
   * How long to wait before the next request, or empty when the answer is not a rate limit.
   *
   * @param headers any letter case
   */
  public static Optional<Duration> waitFor(int status, Map<String, String> headers, Instant now) {
    if (status != 403 && status != 429) {
      return Optional.empty();
    }
    Map<String, String> named = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    named.putAll(headers);
    Optional<Long> retryAfter = number(named.get("retry-after"));
    if (retryAfter.isPresent()) {
      return Optional.of(Duration.ofSeconds(Math.max(0, retryAfter.get())));
    }
    Optional<Long> reset = number(named.get("x-ratelimit-reset"));
    if (reset.isEmpty()) {
      reset = number(named.get("ratelimit-reset"));
    }
    boolean exhausted =
        "0".equals(named.get("x-ratelimit-remaining"))
            || "0".equals(named.get("ratelimit-remaining"));
    if (reset.isPresent() && (status == 429 || exhausted)) {
      return Optional.of(untilEpochSecond(reset.get(), now));
    }
    return status == 429 || exhausted ? Optional.of(UNNAMED_WAIT) : Optional.empty();
  }

  private static Duration untilEpochSecond(long epochSecond, Instant now) {
    Duration wait = Duration.between(now, Instant.ofEpochSecond(epochSecond));
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  private static Optional<Long> number(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
