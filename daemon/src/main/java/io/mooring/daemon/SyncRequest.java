package io.mooring.daemon;

import io.mooring.core.reconcile.Trigger;
import java.util.EnumSet;
import java.util.Set;

/**
 * The triggers a run of the sync job answers, coalesced. {@code firstWebhookNanos} is the {@link
 * System#nanoTime()} at which the earliest webhook among them was received (0 when none), so
 * push-to-applied latency is measured from the push that waited longest.
 */
public record SyncRequest(Set<Trigger> triggers, long firstWebhookNanos) {
  public SyncRequest {
    triggers = triggers.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(triggers));
  }

  public static SyncRequest of(Trigger trigger, long receivedNanos) {
    return new SyncRequest(Set.of(trigger), trigger == Trigger.WEBHOOK ? receivedNanos : 0L);
  }

  public SyncRequest merge(SyncRequest other) {
    Set<Trigger> all = EnumSet.noneOf(Trigger.class);
    all.addAll(triggers);
    all.addAll(other.triggers);
    long first;
    if (firstWebhookNanos == 0L) {
      first = other.firstWebhookNanos;
    } else if (other.firstWebhookNanos == 0L) {
      first = firstWebhookNanos;
    } else {
      first =
          firstWebhookNanos - other.firstWebhookNanos <= 0
              ? firstWebhookNanos
              : other.firstWebhookNanos;
    }
    return new SyncRequest(all, first);
  }

  /** A full resync re-diffs every app; other triggers only re-read what git says changed. */
  public boolean fullResync() {
    return triggers.contains(Trigger.RESYNC) || triggers.contains(Trigger.STARTUP);
  }
}
