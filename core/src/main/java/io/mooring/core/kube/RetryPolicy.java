package io.mooring.core.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/**
 * How often and how patiently a failed API call is tried again: on 429 (throttled), 5xx, timeouts
 * and resourceVersion conflicts. The backoff doubles from {@code initialBackoff} up to {@code
 * maxBackoff}; a server that names its own wait (429 with {@code Retry-After}) gets at least that,
 * up to {@link #LONGEST_SERVER_WAIT}.
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration deletionWait) {

  /**
   * The most a server's {@code Retry-After} may hold a sync up: an API server under load asks for
   * seconds; a larger value is a misconfigured proxy, and the next resync tries again anyway.
   */
  static final Duration LONGEST_SERVER_WAIT = Duration.ofSeconds(60);

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

  /**
   * The wait before trying again after {@code failedAttempts} failures, the last one {@code
   * failure}: the backoff, or what the server asked for if that is longer. The API server puts its
   * {@code Retry-After} into the {@code Status} body as {@code details.retryAfterSeconds}, which is
   * where the client exposes it.
   */
  Duration waitAfter(int failedAttempts, KubernetesClientException failure) {
    Duration backoff = backoff(failedAttempts);
    Status status = failure.getStatus();
    if (status == null
        || status.getDetails() == null
        || status.getDetails().getRetryAfterSeconds() == null) {
      return backoff;
    }
    Duration asked = Duration.ofSeconds(Math.max(0, status.getDetails().getRetryAfterSeconds()));
    if (asked.compareTo(LONGEST_SERVER_WAIT) > 0) {
      asked = LONGEST_SERVER_WAIT;
    }
    return asked.compareTo(backoff) > 0 ? asked : backoff;
  }
}
