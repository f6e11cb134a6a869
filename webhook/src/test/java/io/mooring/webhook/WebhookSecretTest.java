package io.mooring.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSecretTest {

  @Test
  void printingASecretNeverShowsItsValue() {
    WebhookSecret secret = WebhookSecret.of("s3cret-hook");

    assertThat(secret.isSet()).isTrue();
    assertThat(secret.toString()).isEqualTo("***").doesNotContain("s3cret");
    assertThat(WebhookSecret.NONE.toString()).isEqualTo("none");
  }

  @Test
  void anEmptyValueMeansNoSecret() {
    assertThat(WebhookSecret.of(new byte[0])).isSameAs(WebhookSecret.NONE);
    assertThat(WebhookSecret.of("").isSet()).isFalse();
  }

  @Test
  void changingTheBytesHandedInOrOutDoesNotChangeTheSecret() {
    byte[] given = "s3cret-hook".getBytes(StandardCharsets.UTF_8);
    WebhookSecret secret = WebhookSecret.of(given);
    given[0] = 'X';
    secret.bytes()[1] = 'Y';

    assertThat(new String(secret.bytes(), StandardCharsets.UTF_8)).isEqualTo("s3cret-hook");
  }
}
