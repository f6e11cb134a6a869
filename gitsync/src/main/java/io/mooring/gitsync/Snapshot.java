package io.mooring.gitsync;

import java.time.Instant;
import java.util.Objects;

/**
 * One commit of the tracked branch as Mooring saw it: its full sha, commit time and message. Files
 * are read from it with {@link GitMirror#specFiles(Snapshot)}, straight from the commit's tree.
 */
public record Snapshot(String commit, Instant time, String message) {
  public Snapshot {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(time, "time");
    message = Objects.requireNonNullElse(message, "");
  }

  /** The first line of the message, for log lines and the status page. */
  public String subject() {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  public String shortCommit() {
    return commit.substring(0, Math.min(12, commit.length()));
  }
}
