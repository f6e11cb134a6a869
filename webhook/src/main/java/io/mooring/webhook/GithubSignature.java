package io.mooring.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the raw body.
 * The SHA-1 header {@code X-Hub-Signature} is never accepted: SHA-1 HMACs are the legacy GitHub
 * keeps only for old integrations.
 */
public final class GithubSignature {
  private static final String PREFIX = "sha256=";

  private GithubSignature() {}

  public static boolean verify(byte[] secret, byte[] rawBody, String header) {
    if (secret == null || secret.length == 0 || header == null || !header.startsWith(PREFIX)) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(header.substring(PREFIX.length()).trim());
    } catch (IllegalArgumentException notHex) {
      return false;
    }
    return MessageDigest.isEqual(hmac(secret, rawBody), given);
  }

  /**
   * The header value GitHub would send for this body; used by tests and by the benchmark's sender.
   */
  public static String sign(byte[] secret, byte[] rawBody) {
    return PREFIX + HexFormat.of().formatHex(hmac(secret, rawBody));
  }

  public static String sign(String secret, byte[] rawBody) {
    return sign(secret.getBytes(StandardCharsets.UTF_8), rawBody);
  }

  private static byte[] hmac(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
    }
  }
}
