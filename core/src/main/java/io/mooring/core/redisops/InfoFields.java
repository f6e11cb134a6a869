package io.mooring.core.redisops;

import java.util.Optional;

/** Reads fields of an {@code INFO} reply, e.g. {@code role} or {@code master_link_status}. */
public final class InfoFields {
  private InfoFields() {}

  public static Optional<String> field(String info, String name) {
    String prefix = name + ":";
    return info.lines()
        .map(String::strip)
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()))
        .findFirst();
  }

  /** A numeric field, or -1 when it is missing or not a number. */
  public static long number(String info, String name) {
    try {
      return field(info, name).map(Long::parseLong).orElse(-1L);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
