package io.mooring.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Sends GitHub push webhooks signed as GitHub signs them (HMAC-SHA256 of the raw body). */
public final class WebhookSender {
  public static final String TRIGGERED = "triggered";
  private static final Pattern OUTCOME = Pattern.compile("\"outcome\"\\s*:\\s*\"([a-z_]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI endpoint;
  private final byte[] secret;
  private final String repoUrl;
  private final String branch;

  public WebhookSender(int port, byte[] secret, String repoUrl, String branch) {
    this.endpoint = URI.create("http://127.0.0.1:" + port + "/hooks/github");
    this.secret = secret.clone();
    this.repoUrl = repoUrl;
    this.branch = branch;
  }

  /**
   * Sends one push of commit {@code after} with a fresh delivery id; returns the daemon's outcome
   * label.
   */
  public String push(String after) throws Exception {
    byte[] body =
        ("{\"ref\":\"refs/heads/"
                + branch
                + "\",\"after\":\""
                + after
                + "\",\"deleted\":false,"
                + "\"repository\":{\"clone_url\":\""
                + repoUrl
                + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "push")
            .header("X-GitHub-Delivery", UUID.randomUUID().toString())
            .header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(hmac(body)))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    Matcher outcome = OUTCOME.matcher(response.body());
    return outcome.find() ? outcome.group(1) : "HTTP " + response.statusCode();
  }

  private byte[] hmac(byte[] body) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    return mac.doFinal(body);
  }
}
