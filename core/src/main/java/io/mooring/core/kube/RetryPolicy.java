package io.mooring.core.kube;

import java.time.Duration;

/**
 * How often and how patiently a failed API call is tried again: on 429 (throttled), 5xx, timeouts
 * and resourceVersion conflicts. The backoff doubles from {@code initialBackoff} up to {@code
 * maxBackoff}.
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration deletionWait) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(
        5, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(60));
  }

  Duration backoff(int failedAttempts) {
    long millis = initialBackoff.toMillis() << Math.min(failedAttempts - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
