package io.mooring.gitsync;

import java.time.Instant;

/**
 * What the status API shows about the mirror. {@code uri} is redacted; {@code current} is the last
 * good snapshot (null before the first successful fetch); the error fields describe the latest
 * failure (of a fetch, or of a read of the mirror) and stay set until a fetch succeeds and, after a
 * failed read, a read succeeds too.
 */
public record MirrorStatus(
    String uri,
    String branch,
    Snapshot current,
    Instant lastAttempt,
    Instant lastSuccess,
    String lastError,
    Instant lastErrorTime,
    int consecutiveFailures) {

  static MirrorStatus initial(GitSource source, Snapshot current) {
    return new MirrorStatus(
        source.redactedUri(), source.branch(), current, null, null, null, null, 0);
  }

  MirrorStatus succeeded(Snapshot snapshot, Instant at) {
    return new MirrorStatus(uri, branch, snapshot, at, at, null, null, 0);
  }

  /** A fetch succeeded, but a read of the mirror failed and none has succeeded since. */
  MirrorStatus fetchedUnread(Snapshot snapshot, Instant at) {
    return new MirrorStatus(
        uri, branch, snapshot, at, at, lastError, lastErrorTime, consecutiveFailures);
  }

  MirrorStatus readAgain() {
    return new MirrorStatus(uri, branch, current, lastAttempt, lastSuccess, null, null, 0);
  }

  MirrorStatus failed(String error, Instant at) {
    return new MirrorStatus(
        uri, branch, current, at, lastSuccess, error, at, consecutiveFailures + 1);
  }

  public boolean healthy() {
    return current != null && consecutiveFailures == 0;
  }
}
