package io.mooring.status;

import java.time.Clock;
import java.time.Instant;

/**
 * How far the sync under way has come: written by the sync worker after each app, read by the
 * status page, the API and the metrics from any thread. A commit of thousands of apps takes
 * minutes; without this the status shows the previous revision and no sign of work.
 */
public final class SyncProgress {
  private final Clock clock;
  private volatile View current;

  /**
   * One moment of a sync.
   *
   * @param revision the commit being applied
   * @param trigger what started the sync (webhook, poll, resync ...)
   * @param done apps reconciled so far
   * @param total apps this sync goes through
   * @param started when the sync began to go through them
   */
  public record View(String revision, String trigger, int done, int total, Instant started) {}

  public SyncProgress(Clock clock) {
    this.clock = clock;
  }

  /** A sync of {@code revision} is about to go through {@code total} apps. */
  public void started(String revision, String trigger, int total) {
    current = new View(revision, trigger, 0, total, clock.instant());
  }

  /** One more app is done. */
  public void appDone() {
    View view = current;
    if (view != null) {
      current =
          new View(view.revision(), view.trigger(), view.done() + 1, view.total(), view.started());
    }
  }

  /** No sync is under way any more (finished, stopped or failed). */
  public void ended() {
    current = null;
  }

  /** The sync under way, or null when none is. */
  public View current() {
    return current;
  }

  public int done() {
    View view = current;
    return view == null ? 0 : view.done();
  }

  public int total() {
    View view = current;
    return view == null ? 0 : view.total();
  }
}
