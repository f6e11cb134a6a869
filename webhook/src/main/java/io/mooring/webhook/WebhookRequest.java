package io.mooring.webhook;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A webhook as received: headers (looked up case-insensitively) and the raw body bytes. */
public record WebhookRequest(Map<String, String> headers, byte[] body) {

  public WebhookRequest {
    Map<String, String> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, value) -> folded.put(name.toLowerCase(Locale.ROOT), value));
    headers = folded;
  }

  public String header(String name) {
    return headers.get(name);
  }
}
