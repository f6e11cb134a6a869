package io.mooring.gitsync;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link GitMirror}: the network timeout of one fetch, the largest spec file read (a
 * bigger one is skipped with a warning, so a stray dump cannot exhaust memory) and the clock used
 * for status times.
 */
public record MirrorOptions(Duration fetchTimeout, long maxFileBytes, Clock clock) {

  public MirrorOptions {
    Objects.requireNonNull(fetchTimeout, "fetchTimeout");
    if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
      throw new IllegalArgumentException("fetchTimeout must be positive");
    }
    if (maxFileBytes <= 0) {
      throw new IllegalArgumentException("maxFileBytes must be positive");
    }
    clock = Objects.requireNonNullElse(clock, Clock.systemUTC());
  }

  public static MirrorOptions defaults() {
    return new MirrorOptions(Duration.ofSeconds(60), 1024 * 1024, Clock.systemUTC());
  }

  public MirrorOptions withMaxFileBytes(long bytes) {
    return new MirrorOptions(fetchTimeout, bytes, clock);
  }
}
