package io.mooring.core.render.nats;

import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.PasswordGenerator;
import io.mooring.core.spec.SourceLocation;
import io.nats.client.NKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * The NKeys of an app in operator mode. A key that is live is read back from its Secret, so the
 * operator and the accounts never change once created; only a missing key is made. A new key's
 * Ed25519 seed is the SHA-256 of a value from the password source (40 random characters in
 * production), so that tests, with their fixed password source, get fixed keys.
 */
final class NatsNKeys {
  private final LiveSecrets live;
  private final PasswordGenerator passwords;
  private final String purposePrefix;
  private final SourceLocation source;

  NatsNKeys(
      LiveSecrets live, PasswordGenerator passwords, String purposePrefix, SourceLocation source) {
    this.live = live;
    this.passwords = passwords;
    this.purposePrefix = purposePrefix;
    this.source = source;
  }

  /** The key kept under {@code key} of Secret {@code secretName}, or a new one. */
  NKey key(NKey.Type type, String secretName, String key) {
    Optional<String> kept = live.value(secretName, key);
    if (kept.isPresent()) {
      return fromSeed(type, kept.get(), secretName, key);
    }
    byte[] seed = sha256(passwords.generate(purposePrefix + secretName + "/" + key));
    try {
      return switch (type) {
        case OPERATOR -> NKey.createOperator(new FixedSeed(seed));
        case ACCOUNT -> NKey.createAccount(new FixedSeed(seed));
        case USER -> NKey.createUser(new FixedSeed(seed));
        default -> throw new IllegalArgumentException("no " + type + " keys in operator mode");
      };
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make an NKey: " + e.getMessage(), e);
    }
  }

  static String seed(NKey key) {
    return new String(key.getSeed());
  }

  static String publicKey(NKey key) {
    try {
      return new String(key.getPublicKey());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read an NKey's public key: " + e.getMessage(), e);
    }
  }

  private NKey fromSeed(NKey.Type type, String seed, String secretName, String key) {
    NKey parsed;
    try {
      parsed = NKey.fromSeed(seed.trim().toCharArray());
    } catch (RuntimeException notASeed) {
      parsed = null;
    }
    if (parsed == null || parsed.getType() != type) {
      // The message names where the value is, never the value.
      throw new NatsRenderException(
          source,
          "spec.config.resolver",
          "Secret "
              + secretName
              + " key "
              + key
              + " does not hold an "
              + type.name().toLowerCase(Locale.ROOT)
              + " NKey seed; restore it, or delete the key to have a new one made"
              + " (every creds file signed with it then changes)");
    }
    return parsed;
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  /**
   * Hands jnats the seed to build a key from: its key factories take their 32 seed bytes from a
   * {@link SecureRandom}.
   */
  private static final class FixedSeed extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    FixedSeed(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("an NKey seed has " + seed.length + " bytes");
      }
      System.arraycopy(seed, 0, bytes, 0, seed.length);
    }
  }
}
