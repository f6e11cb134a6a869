package io.mooring.core.spec;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes' name rules; each check returns what the name must be, or empty when the name is fine.
 * The name itself is left for the caller to show ({@link FieldReader#reportInvalid}).
 */
public final class KubernetesNames {
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  static final int MAX_LABEL_LENGTH = 63;
  static final int MAX_SUBDOMAIN_LENGTH = 253;

  private KubernetesNames() {}

  public static Optional<String> checkLabel(String name) {
    if (name.length() > MAX_LABEL_LENGTH) {
      return Optional.of(
          "must be at most " + MAX_LABEL_LENGTH + " characters (it has " + name.length() + ")");
    }
    if (!DNS1123_LABEL.matcher(name).matches()) {
      return Optional.of(
          "must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit)");
    }
    return Optional.empty();
  }

  public static Optional<String> checkSubdomain(String name) {
    if (name.length() > MAX_SUBDOMAIN_LENGTH || !DNS1123_SUBDOMAIN.matcher(name).matches()) {
      return Optional.of(
          "must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most "
              + MAX_SUBDOMAIN_LENGTH
              + " characters)");
    }
    return Optional.empty();
  }
}
