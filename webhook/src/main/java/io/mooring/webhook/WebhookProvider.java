package io.mooring.webhook;

import java.util.Locale;

/** The git hosts whose push webhooks Mooring understands; the id is the metrics label value. */
public enum WebhookProvider {
  GITHUB,
  GITLAB;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
