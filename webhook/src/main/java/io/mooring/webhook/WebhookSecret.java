package io.mooring.webhook;

import java.nio.charset.StandardCharsets;

/**
 * The shared secret of a webhook provider (GitHub's signing secret, GitLab's token), or none. Its
 * {@link #toString()} never shows the value, so a configuration holding it can be logged.
 */
public final class WebhookSecret {
  public static final WebhookSecret NONE = new WebhookSecret(new byte[0]);

  private final byte[] value;

  private WebhookSecret(byte[] value) {
    this.value = value;
  }

  public static WebhookSecret of(byte[] value) {
    return value.length == 0 ? NONE : new WebhookSecret(value.clone());
  }

  public static WebhookSecret of(String value) {
    return of(value.getBytes(StandardCharsets.UTF_8));
  }

  public boolean isSet() {
    return value.length > 0;
  }

  /** A copy of the secret's bytes, empty when none is set. */
  public byte[] bytes() {
    return value.clone();
  }

  @Override
  public String toString() {
    return isSet() ? "***" : "none";
  }
}
