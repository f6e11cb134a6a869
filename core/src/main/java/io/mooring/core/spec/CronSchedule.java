package io.mooring.core.spec;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A five-field cron expression (minute, hour, day of month, month, day of week), read in UTC as a
 * Kubernetes CronJob reads it: numbers, {@code *}, ranges {@code a-b}, steps {@code /n}, lists with
 * commas, and the English month and weekday abbreviations. As in cron, when both day fields are
 * restricted a day matching either one is a match.
 */
public final class CronSchedule {
  private static final List<String> FIELD_NAMES =
      List.of("minute", "hour", "day of month", "month", "day of week");
  private static final int[] MIN = {0, 0, 1, 1, 0};
  private static final int[] MAX = {59, 23, 31, 12, 7};
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> WEEKDAYS =
      List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  /** A search for the next match gives up after this many minutes (e.g. for 30 February). */
  private static final long SEARCH_LIMIT_MINUTES = 366L * 24 * 60 * 5;

  private final String expression;
  private final BitSet[] fields;
  private final boolean dayOfMonthRestricted;
  private final boolean dayOfWeekRestricted;

  private CronSchedule(String expression, BitSet[] fields, String[] parts) {
    this.expression = expression;
    this.fields = fields;
    this.dayOfMonthRestricted = !parts[2].startsWith("*");
    this.dayOfWeekRestricted = !parts[4].startsWith("*");
  }

  /** The schedule, or why {@code expression} is not one (a sentence without the expression). */
  public static Parsed parse(String expression) {
    String[] parts = expression.trim().split("\\s+");
    if (parts.length != 5) {
      return new Parsed(
          Optional.empty(),
          "must be a cron expression of five fields (minute hour day-of-month month day-of-week),"
              + " read in UTC");
    }
    BitSet[] fields = new BitSet[5];
    for (int i = 0; i < 5; i++) {
      BitSet set = new BitSet();
      for (String item : parts[i].split(",", -1)) {
        Optional<String> problem = addItem(set, item.toUpperCase(Locale.ROOT), i);
        if (problem.isPresent()) {
          return new Parsed(
              Optional.empty(),
              "must be a cron expression read in UTC; its "
                  + FIELD_NAMES.get(i)
                  + " field "
                  + problem.get());
        }
      }
      if (i == 4 && set.get(7)) {
        set.set(0);
      }
      fields[i] = set;
    }
    return new Parsed(Optional.of(new CronSchedule(expression.trim(), fields, parts)), "");
  }

  /** A parsed expression, or the reason it is not one. */
  public record Parsed(Optional<CronSchedule> schedule, String problem) {}

  private static Optional<String> addItem(BitSet set, String item, int field) {
    String range = item;
    int step = 1;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      range = item.substring(0, slash);
      Optional<Integer> parsedStep = number(item.substring(slash + 1), field, false);
      if (parsedStep.isEmpty() || parsedStep.get() < 1) {
        return Optional.of("has a step that is not a positive number");
      }
      step = parsedStep.get();
    }
    int from;
    int to;
    if (range.equals("*")) {
      from = MIN[field];
      to = field == 4 ? 6 : MAX[field];
    } else {
      int dash = range.indexOf('-');
      Optional<Integer> first = number(dash >= 0 ? range.substring(0, dash) : range, field, true);
      Optional<Integer> last = dash >= 0 ? number(range.substring(dash + 1), field, true) : first;
      if (first.isEmpty() || last.isEmpty()) {
        return Optional.of(
            "must hold numbers from "
                + MIN[field]
                + " to "
                + MAX[field]
                + ", got \""
                + item
                + "\"");
      }
      from = first.get();
      to = dash < 0 && slash >= 0 ? (field == 4 ? 6 : MAX[field]) : last.get();
      if (from > to) {
        return Optional.of("has a range that runs backwards");
      }
    }
    for (int value = from; value <= to; value += step) {
      set.set(value);
    }
    return Optional.empty();
  }

  private static Optional<Integer> number(String text, int field, boolean inRange) {
    int named = field == 3 ? MONTHS.indexOf(text) + 1 : field == 4 ? WEEKDAYS.indexOf(text) : -1;
    if (named >= MIN[field] && !text.isEmpty() && !Character.isDigit(text.charAt(0))) {
      return Optional.of(named);
    }
    if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    int value = Integer.parseInt(text);
    if (inRange && (value < MIN[field] || value > MAX[field])) {
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /** The expression as written, trimmed. */
  public String expression() {
    return expression;
  }

  /**
   * The values a field allows, in order: 0 minute, 1 hour, 2 day of month, 3 month, 4 day of week
   * (0 is Sunday). A script that cannot parse cron checks the current minute against these.
   */
  public List<Integer> values(int field) {
    return fields[field].stream().filter(v -> field != 4 || v < 7).boxed().toList();
  }

  /** Whether both day fields are restricted, so that a day matching either one is a match. */
  public boolean eitherDayMatches() {
    return dayOfMonthRestricted && dayOfWeekRestricted;
  }

  /** Whether a backup is due in the minute that holds {@code time}, in UTC. */
  public boolean matches(ZonedDateTime time) {
    ZonedDateTime utc = time.withZoneSameInstant(ZoneOffset.UTC);
    boolean dayOfMonth = fields[2].get(utc.getDayOfMonth());
    boolean dayOfWeek = fields[4].get(utc.getDayOfWeek().getValue() % 7);
    boolean day =
        (dayOfMonthRestricted && dayOfWeekRestricted)
            ? dayOfMonth || dayOfWeek
            : dayOfMonth && dayOfWeek;
    return fields[0].get(utc.getMinute())
        && fields[1].get(utc.getHour())
        && fields[3].get(utc.getMonthValue())
        && day;
  }

  /** The first matching minute strictly after {@code after}; empty if none in five years. */
  public Optional<Instant> next(Instant after) {
    ZonedDateTime time =
        after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    for (long i = 0; i < SEARCH_LIMIT_MINUTES; i++, time = time.plusMinutes(1)) {
      if (matches(time)) {
        return Optional.of(time.toInstant());
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CronSchedule that && expression.equals(that.expression);
  }

  @Override
  public int hashCode() {
    return expression.hashCode();
  }

  @Override
  public String toString() {
    return expression;
  }
}
