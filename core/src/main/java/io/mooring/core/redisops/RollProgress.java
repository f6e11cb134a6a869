package io.mooring.core.redisops;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The step of a roll in flight, recorded on the Redis StatefulSet so that a Mooring that restarts
 * in the middle of a roll (or another replica that takes over) waits for that step to finish
 * instead of starting a second one.
 *
 * @param revision the StatefulSet revision the roll moves the pods to
 * @param step what was done last
 * @param pod the pod it was done to: the restarted pod, or the master that was failed over
 * @param since when it was done; the step's bound counts from here
 * @param asked when the step was last asked of the servers: {@code since}, or later once a failover
 *     the servers abandoned was asked for again
 */
public record RollProgress(String revision, Step step, String pod, Instant since, Instant asked) {
  /** On the Redis StatefulSet: the roll step in flight. */
  public static final String ANNOTATION = "mooring.io/redis-roll";

  /** What a roll did last. */
  public enum Step {
    RESTART,
    FAILOVER
  }

  /** A step asked of the servers once, at {@code since}. */
  public RollProgress(String revision, Step step, String pod, Instant since) {
    this(revision, step, pod, since, since);
  }

  /**
   * The same step, asked of the servers again at {@code now}; its bound still counts from since.
   */
  public RollProgress askedAgain(Instant now) {
    return new RollProgress(revision, step, pod, since, now);
  }

  /**
   * {@code revision=…,step=restart,pod=…,since=2026-01-01T00:00:00Z}, then {@code ,asked=…} when
   * the step was asked again.
   */
  public String encode() {
    return "revision="
        + revision
        + ",step="
        + step.name().toLowerCase(java.util.Locale.ROOT)
        + ",pod="
        + pod
        + ",since="
        + since
        + (asked.equals(since) ? "" : ",asked=" + asked);
  }

  /** The recorded step; empty when there is no record or it is not one Mooring wrote. */
  public static Optional<RollProgress> decode(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : value.split(",", -1)) {
      int equals = part.indexOf('=');
      if (equals > 0) {
        fields.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
      }
    }
    try {
      Instant since = Instant.parse(require(fields, "since"));
      // Records written before a step could be asked again have no "asked": it was asked once.
      String asked = fields.get("asked");
      return Optional.of(
          new RollProgress(
              require(fields, "revision"),
              Step.valueOf(require(fields, "step").toUpperCase(java.util.Locale.ROOT)),
              require(fields, "pod"),
              since,
              asked == null || asked.isEmpty() ? since : Instant.parse(asked)));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String require(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("no " + name);
    }
    return value;
  }
}
