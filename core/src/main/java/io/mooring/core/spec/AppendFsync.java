package io.mooring.core.spec;

import java.util.Locale;
import java.util.Optional;

/** When Redis flushes the append-only file to disk: how much a crash can lose. */
public enum AppendFsync {
  /** After every write: nothing acknowledged is lost, at a large cost in throughput. */
  ALWAYS,
  /** Once a second: at most about a second of writes is lost. Redis's own default. */
  EVERYSEC,
  /** When the kernel decides: fastest, loses what the page cache held. */
  NO;

  /** The value of Redis's {@code appendfsync} directive. */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AppendFsync> fromConfigValue(String value) {
    for (AppendFsync fsync : values()) {
      if (fsync.configValue().equals(value)) {
        return Optional.of(fsync);
      }
    }
    return Optional.empty();
  }
}
