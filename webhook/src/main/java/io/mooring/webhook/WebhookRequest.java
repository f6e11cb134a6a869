package io.mooring.webhook;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A webhook as received: headers (looked up case-insensitively) and the raw body bytes. A class
 * rather than a record: a record with an array component promises a value equality it lacks.
 */
public final class WebhookRequest {
  private final Map<String, String> headers;
  private final byte[] body;

  /** Takes {@code body} as it is, without a copy: it is the request's own buffer, read once. */
  public WebhookRequest(Map<String, String> headers, byte[] body) {
    Map<String, String> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, value) -> folded.put(name.toLowerCase(Locale.ROOT), value));
    this.headers = folded;
    this.body = body;
  }

  public String header(String name) {
    return headers.get(name);
  }

  /** The body exactly as it arrived, the bytes its signature was computed over. */
  public byte[] body() {
    return body;
  }
}
