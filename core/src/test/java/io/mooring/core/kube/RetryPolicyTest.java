package io.mooring.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(60));

  @Test
  void theBackoffDoublesUpToItsBound() {
    KubernetesClientException failure = failure(503, null);

    assertThat(policy.waitAfter(1, failure)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.waitAfter(2, failure)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.waitAfter(10, failure)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aThrottledCallWaitsAtLeastWhatTheServerAsked() {
    assertThat(policy.waitAfter(1, failure(429, 3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.waitAfter(10, failure(429, 1)))
        .as("a longer backoff is kept")
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aServerWaitIsBounded() {
    assertThat(policy.waitAfter(1, failure(429, 86_400)))
        .isEqualTo(RetryPolicy.LONGEST_SERVER_WAIT);
  }

  private static KubernetesClientException failure(int code, Integer retryAfterSeconds) {
    StatusBuilder status = new StatusBuilder().withCode(code);
    if (retryAfterSeconds != null) {
      status.withNewDetails().withRetryAfterSeconds(retryAfterSeconds).endDetails();
    }
    Status built = status.build();
    return new KubernetesClientException(built);
  }
}
