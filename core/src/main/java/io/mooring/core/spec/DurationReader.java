package io.mooring.core.spec;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Kubernetes writes them: {@code 720h}, {@code 1h30m}, {@code 90s}. */
final class DurationReader {
  private static final Pattern DURATION =
      Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,8})s)?");

  private DurationReader() {}

  /** The duration, or empty when the text is not one or is zero. */
  static Optional<Duration> parse(String text) {
    Matcher matcher = DURATION.matcher(text);
    if (text.isEmpty() || !matcher.matches()) {
      return Optional.empty();
    }
    Duration duration =
        Duration.ofHours(part(matcher.group(1)))
            .plusMinutes(part(matcher.group(2)))
            .plusSeconds(part(matcher.group(3)));
    return duration.isZero() ? Optional.empty() : Optional.of(duration);
  }

  private static long part(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}
