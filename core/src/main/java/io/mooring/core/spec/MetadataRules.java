package io.mooring.core.spec;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes' rules for label and annotation keys and label values, and the keys Mooring keeps for
 * itself: a spec may add metadata but never take over what Mooring selects and owns objects by.
 */
public final class MetadataRules {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final List<String> RESERVED_PREFIXES =
      List.of("mooring.io/", "app.kubernetes.io/");
  private static final int MAX_NAME = 63;

  private MetadataRules() {}

  /** What a label or annotation key must be, or empty when it is fine. */
  public static Optional<String> checkKey(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0 && KubernetesNames.checkSubdomain(key.substring(0, slash)).isPresent()) {
      return Optional.of("must have a DNS-1123 subdomain as its prefix before '/'");
    }
    if (name.isEmpty() || name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
      return Optional.of(
          "must be a Kubernetes key: an optional DNS prefix and '/', then at most 63 letters,"
              + " digits, '-', '_' or '.', starting and ending with a letter or digit");
    }
    if (RESERVED_PREFIXES.stream().anyMatch(key::startsWith)) {
      return Optional.of(
          "is reserved: keys under "
              + String.join(" and ", RESERVED_PREFIXES)
              + " are Mooring's own");
    }
    return Optional.empty();
  }

  /** True when {@code value} may be a label value. */
  public static boolean validLabelValue(String value) {
    return value.isEmpty() || (value.length() <= MAX_NAME && NAME.matcher(value).matches());
  }

  /** True when {@code key} may be a label or annotation key Mooring lets a spec set. */
  public static boolean validKey(String key) {
    return checkKey(key).isEmpty();
  }
}
