package io.mooring.core.spec;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Redis version families a spec may ask for ({@code "6.2"}, {@code "7.0"}, {@code "7.2"}); each
 * names an image tag family (see the renderer's image choice). Older families are refused: Redis no
 * longer maintains them, and the rendered config and scripts are written for 6.2 and later.
 */
final class RedisVersions {
  static final List<String> ACCEPTED = List.of("6.2", "7.0", "7.2");

  /** Redis Cluster nodes announce stable DNS names (cluster-announce-hostname), new in 7.0. */
  static final List<String> CLUSTER_ACCEPTED = List.of("7.0", "7.2");

  private static final Pattern FAMILY = Pattern.compile("(\\d{1,9})\\.(\\d{1,9})");

  private RedisVersions() {}

  /**
   * The version of {@code spec.version}, reported when it is not one of {@code accepted}; empty
   * when absent or wrong.
   */
  static Optional<String> read(FieldReader spec, List<String> accepted, String why) {
    Optional<String> version = spec.string("version");
    if (version.isEmpty() || accepted.contains(version.get())) {
      return version;
    }
    String oneOf = "must be one of " + String.join(", ", accepted);
    Matcher family = FAMILY.matcher(version.get());
    if (family.matches() && below(family, accepted.get(0))) {
      spec.reportInvalid("version", oneOf + "; versions below " + accepted.get(0) + " " + why);
    } else {
      spec.reportInvalid("version", oneOf + " (a major.minor family, as a string)");
    }
    return Optional.empty();
  }

  private static boolean below(Matcher family, String lowest) {
    Matcher low = FAMILY.matcher(lowest);
    if (!low.matches()) {
      throw new IllegalStateException(lowest);
    }
    long major = Long.parseLong(family.group(1));
    long lowMajor = Long.parseLong(low.group(1));
    return major < lowMajor
        || (major == lowMajor && Long.parseLong(family.group(2)) < Long.parseLong(low.group(2)));
  }
}
