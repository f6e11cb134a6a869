package io.mooring.core.spec;

import java.util.Locale;
import java.util.Optional;

/**
 * A Redis ACL user the spec declares: its name, its rules as {@code ACL SETUSER} takes them
 * (passwords excluded), and where its password is; without a reference Mooring generates one into a
 * Secret of its own.
 */
public record RedisAclUser(String name, String rules, Optional<SecretKeyRef> passwordSecretRef) {

  /**
   * The user's name as it may appear in a Kubernetes name (its generated Secret's): lower case,
   * with every character other than a letter or digit turned into '-', and none at the end. Two
   * users of one app must not share it.
   */
  public String objectNameSuffix() {
    String suffix = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "-");
    return suffix.replaceAll("-+$", "");
  }
}
