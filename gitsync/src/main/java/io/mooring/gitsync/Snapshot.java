package io.mooring.gitsync;

import java.time.Instant;
import java.util.Objects;

/**
 * One commit of the tracked branch as Mooring saw it: its full sha, commit time, message and author
 * ({@code Name <email>}, as git shows it). Files are read from it with {@link
 * GitMirror#specFiles(Snapshot)}, straight from the commit's tree.
 */
public record Snapshot(String commit, Instant time, String message, String author) {
  public Snapshot {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(time, "time");
    message = Objects.requireNonNullElse(message, "");
    author = Objects.requireNonNullElse(author, "");
  }

  /** A commit whose author is not known. */
  public Snapshot(String commit, Instant time, String message) {
    this(commit, time, message, "");
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
