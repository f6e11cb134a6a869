package io.mooring.core.redisops;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Redis app's password rotation as recorded on its StatefulSet: what asked for it, the phase
 * reached and since when, and the last rotation that finished. Passwords are never in it: the new
 * one is kept in the Secret before any server hears of it, so a Mooring that restarts reads it
 * back.
 *
 * @param request what asked for the rotation in flight (the annotation's value, or {@code
 *     schedule}); empty when none is in flight
 * @param phase how far the rotation in flight got
 * @param since when that phase was reached; the overlap counts from {@link Phase#SWITCHED}
 * @param lastRequest what asked for the last finished rotation; empty when there was none
 * @param lastDone when the last rotation finished (or, for an app never rotated, first seen)
 */
public record RotationRecord(
    String request, Phase phase, Instant since, String lastRequest, Instant lastDone) {
  /** On the Redis StatefulSet. */
  public static final String ANNOTATION = "mooring.io/redis-rotation";

  /** The phases in order; each one's work is done before it is recorded. */
  public enum Phase {
    /** Nothing in flight. */
    IDLE,
    /** The new password is in the Secret (under the next-password key), on no server yet. */
    PREPARED,
    /** Every server takes both the old and the new password. */
    ADDED,
    /** Clients, replication and Sentinels use the new password; the old one still logs in. */
    SWITCHED
  }

  /**
   * An app seen for the first time at {@code now}: its schedule counts from here, and the
   * annotation's value it already carries asks for nothing.
   */
  public static RotationRecord firstSeen(Instant now, String request) {
    return new RotationRecord("", Phase.IDLE, now, request, now);
  }

  public RotationRecord advance(Phase next, Instant now) {
    return new RotationRecord(request, next, now, lastRequest, lastDone);
  }

  public RotationRecord start(String newRequest, Instant now) {
    return new RotationRecord(newRequest, Phase.PREPARED, now, lastRequest, lastDone);
  }

  public RotationRecord finish(Instant now) {
    return new RotationRecord("", Phase.IDLE, now, request, now);
  }

  /**
   * The requests are the annotation's free text: a comma, an equals sign and a percent sign are
   * percent-encoded, so that a value neither breaks the record nor asks for the same rotation
   * again.
   */
  public String encode() {
    return "request="
        + escape(request)
        + ",phase="
        + phase.name().toLowerCase(Locale.ROOT)
        + ",since="
        + since
        + ",last="
        + escape(lastRequest)
        + ",lastDone="
        + lastDone;
  }

  /** Empty when there is no record or it is not one Mooring wrote. */
  public static Optional<RotationRecord> decode(String value) {
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
      return Optional.of(
          new RotationRecord(
              unescape(fields.getOrDefault("request", "")),
              Phase.valueOf(fields.getOrDefault("phase", "").toUpperCase(Locale.ROOT)),
              Instant.parse(fields.getOrDefault("since", "")),
              unescape(fields.getOrDefault("last", "")),
              Instant.parse(fields.getOrDefault("lastDone", ""))));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String escape(String text) {
    return text.replace("%", "%25").replace(",", "%2C").replace("=", "%3D");
  }

  private static String unescape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      String code = i + 3 <= text.length() ? text.substring(i, i + 3) : "";
      String decoded =
          switch (code) {
            case "%25" -> "%";
            case "%2C" -> ",";
            case "%3D" -> "=";
            default -> null;
          };
      if (decoded != null) {
        out.append(decoded);
        i += 3;
      } else {
        out.append(text.charAt(i));
        i++;
      }
    }
    return out.toString();
  }
}
