package io.mooring.status;

import io.mooring.core.plan.GuardOverride;
import io.mooring.core.spec.AppRef;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The last prunes let past the prune guards, newest first, for the status page and API: the audit a
 * person reads without the logs. Bounded: it keeps {@value #KEPT} entries and names at most {@value
 * #APPS_NAMED} apps of each.
 */
public final class PruneOverrideLog {
  static final int KEPT = 10;
  static final int APPS_NAMED = 20;

  private final Clock clock;
  private final Deque<Entry> entries = new ArrayDeque<>();

  /**
   * One override.
   *
   * @param revision the commit whose sync pruned past the guard
   * @param allowedBy who allowed it (the commit carrying the allowance and its author)
   * @param guard what the guard would have said
   * @param appCount how many apps were pruned past it
   * @param apps the first of them, as {@code kind/namespace/name}
   */
  public record Entry(
      Instant at,
      String revision,
      String allowedBy,
      String guard,
      int appCount,
      List<String> apps) {
    public Entry {
      apps = List.copyOf(apps);
    }
  }

  public PruneOverrideLog(Clock clock) {
    this.clock = clock;
  }

  public void record(String revision, GuardOverride override) {
    List<String> named =
        override.apps().stream().limit(APPS_NAMED).map(PruneOverrideLog::key).toList();
    Entry entry =
        new Entry(
            clock.instant(),
            revision,
            override.allowedBy(),
            override.guard(),
            override.apps().size(),
            named);
    synchronized (entries) {
      entries.addFirst(entry);
      while (entries.size() > KEPT) {
        entries.removeLast();
      }
    }
  }

  /** Newest first. */
  public List<Entry> entries() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  private static String key(AppRef app) {
    return app.kind().id() + "/" + app.namespace() + "/" + app.name();
  }
}
