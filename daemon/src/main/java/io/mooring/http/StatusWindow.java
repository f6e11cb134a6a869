package io.mooring.http;

import io.mooring.status.FileProblemsView;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of the status one answer of the page or the API holds: at most {@link #MAX_APPS} apps
 * from {@code offset}, and no more apps once the answer has reached {@link #MAX_CHARS} characters,
 * so that no repository makes an answer too large to build; the answer links to the next part. The
 * files that cannot be used come first in every part, at most {@link #MAX_FILES} of them.
 *
 * @param offset index of the first app shown, in the order of the whole list
 * @param limit most apps shown
 */
record StatusWindow(int offset, int limit) {
  static final int MAX_APPS = 500;
  static final int MAX_FILES = 100;
  static final int MAX_CHARS = 2 * 1024 * 1024;

  static final StatusWindow FIRST = new StatusWindow(0, MAX_APPS);

  /**
   * From the query parameters {@code offset} and {@code limit} (either may be absent; a limit above
   * {@link #MAX_APPS} is lowered to it).
   *
   * @throws IllegalArgumentException when either is not a whole number in range
   */
  static StatusWindow of(String offset, String limit) {
    int from = parse("offset", offset, 0, 0);
    int most = Math.min(parse("limit", limit, MAX_APPS, 1), MAX_APPS);
    return new StatusWindow(from, most);
  }

  private static int parse(String name, String value, int absent, int min) {
    if (value == null || value.isEmpty()) {
      return absent;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min) {
        return parsed;
      }
    } catch (NumberFormatException notANumber) {
      // answered below like a number out of range
    }
    throw new IllegalArgumentException(name + " must be a whole number >= " + min);
  }

  /**
   * True while an answer of {@code chars} characters holding {@code shown} apps may take another.
   */
  boolean roomFor(int shown, int chars) {
    return shown < limit && chars < MAX_CHARS;
  }

  /** The files to show, the last entry saying how many more there are. */
  static List<FileProblemsView> files(List<FileProblemsView> files) {
    if (files.size() <= MAX_FILES) {
      return files;
    }
    List<FileProblemsView> shown = new ArrayList<>(files.subList(0, MAX_FILES));
    shown.add(new FileProblemsView("and " + (files.size() - MAX_FILES) + " more files", List.of()));
    return shown;
  }

  /** The query of the part after one that ends before app {@code end}; null when it is the last. */
  String next(int end, int total) {
    return end < total ? query(end) : null;
  }

  /** The query of the part before this one; null for the first. */
  String previous() {
    return offset > 0 ? query(Math.max(0, offset - limit)) : null;
  }

  private String query(int from) {
    return "?offset=" + from + (limit == MAX_APPS ? "" : "&limit=" + limit);
  }
}
