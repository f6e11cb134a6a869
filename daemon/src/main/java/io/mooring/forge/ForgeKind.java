package io.mooring.forge;

import java.util.Locale;

/** The git host whose REST API receives commit statuses and preview comments. */
public enum ForgeKind {
  GITHUB,
  GITLAB;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads {@code github} or {@code gitlab}; anything else throws, naming the accepted values. */
  public static ForgeKind parse(String text) {
    for (ForgeKind kind : values()) {
      if (kind.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return kind;
      }
    }
    throw new IllegalArgumentException("must be github or gitlab, got '" + text + "'");
  }
}
