package io.mooring.core.render.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stable digest of the configuration a pod template depends on. Put on the template as an
 * annotation so that a config change rolls the pods and nothing else does.
 */
public final class ConfigHash {
  private ConfigHash() {}

  /** Digest of named parts; the map is read in key order so insertion order does not matter. */
  public static String of(Map<String, String> parts) {
    MessageDigest digest = sha256();
    new TreeMap<>(parts)
        .forEach(
            (key, value) -> {
              digest.update(key.getBytes(StandardCharsets.UTF_8));
              digest.update((byte) 0);
              digest.update(value.getBytes(StandardCharsets.UTF_8));
              digest.update((byte) 0);
            });
    return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
  }

  public static String sha1Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every JVM", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
