package io.mooring.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** GitLab's {@code X-Gitlab-Token}: a shared secret sent as is, compared in constant time. */
public final class GitlabToken {
  private GitlabToken() {}

  public static boolean verify(byte[] expected, String header) {
    if (expected == null || expected.length == 0 || header == null) {
      return false;
    }
    return MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
  }
}
