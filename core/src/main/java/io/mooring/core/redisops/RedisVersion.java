package io.mooring.core.redisops;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The major version of a Redis server or of a spec's {@code version}. A server cannot load an RDB
 * file written by a later major version, so a downgrade across majors is refused.
 */
public final class RedisVersion {
  private static final Pattern MAJOR = Pattern.compile("^v?(\\d{1,4})(?:\\..*)?$");

  private RedisVersion() {}

  /** The leading number of {@code 7.2}, {@code 7.2.4} or {@code v7}; empty when there is none. */
  public static Optional<Integer> major(String version) {
    Matcher matcher = MAJOR.matcher(version.trim());
    return matcher.matches() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
  }

  /**
   * Why running {@code desired} over servers at {@code live} is refused, or empty when it is not:
   * only a lower major version is.
   */
  public static Optional<String> downgradeRefusal(String desired, String live) {
    Optional<Integer> to = major(desired);
    Optional<Integer> from = major(live);
    if (to.isEmpty() || from.isEmpty() || to.get() >= from.get()) {
      return Optional.empty();
    }
    return Optional.of(
        "version "
            + desired
            + " is a downgrade from the running "
            + live
            + " across a major version, which Mooring refuses: a server cannot load the RDB"
            + " files a later major version wrote");
  }
}
