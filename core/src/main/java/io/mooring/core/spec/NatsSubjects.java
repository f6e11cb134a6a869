package io.mooring.core.spec;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** NATS subjects and Go durations as nats-server reads them, for validate. */
final class NatsSubjects {
  private static final Pattern GO_DURATION_PART = Pattern.compile("([0-9]+)(ns|us|ms|s|m|h)");
  private static final Pattern GO_DURATION = Pattern.compile("(" + GO_DURATION_PART + ")+");

  private NatsSubjects() {}

  /**
   * Why {@code subject} is not one nats-server takes ("orders.>", "orders.*.created"), or empty.
   */
  static Optional<String> problem(String subject) {
    if (subject.isEmpty() || subject.chars().anyMatch(c -> Character.isWhitespace(c) || c < 32)) {
      return Optional.of("must be a subject without spaces, such as orders.>");
    }
    String[] tokens = subject.split("\\.", -1);
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i];
      if (token.isEmpty()) {
        return Optional.of("must not have an empty token (two dots, or a dot at either end)");
      }
      if (token.equals(">") && i != tokens.length - 1) {
        return Optional.of("may use > only as its last token");
      }
      if (token.length() > 1 && (token.contains("*") || token.contains(">"))) {
        return Optional.of("may use * and > only as whole tokens");
      }
    }
    return Optional.empty();
  }

  /**
   * Whether every subject {@code filter} matches is also matched by {@code subject}, as nats-server
   * requires of a consumer's filter and its stream's subjects.
   */
  static boolean within(String filter, String subject) {
    String[] inner = filter.split("\\.", -1);
    String[] outer = subject.split("\\.", -1);
    for (int i = 0; i < outer.length; i++) {
      if (outer[i].equals(">")) {
        return inner.length > i;
      }
      if (i >= inner.length || inner[i].equals(">")) {
        return false;
      }
      if (!outer[i].equals("*") && (inner[i].equals("*") || !outer[i].equals(inner[i]))) {
        return false;
      }
    }
    return inner.length == outer.length;
  }

  /** A Go duration ("72h", "1h30m", "500ms") greater than zero, or empty when it is not one. */
  static Optional<Duration> duration(String text) {
    if (!GO_DURATION.matcher(text).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher part = GO_DURATION_PART.matcher(text);
    try {
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total =
            total.plus(
                switch (part.group(2)) {
                  case "ns" -> Duration.ofNanos(amount);
                  case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
                  case "ms" -> Duration.ofMillis(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  default -> Duration.ofHours(amount);
                });
      }
    } catch (ArithmeticException | NumberFormatException tooLong) {
      return Optional.empty();
    }
    return total.isZero() ? Optional.empty() : Optional.of(total);
  }
}
