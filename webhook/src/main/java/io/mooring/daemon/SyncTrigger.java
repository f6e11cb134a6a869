package io.mooring.daemon;

import java.util.Locale;

/** Why a sync runs; the id is the {@code trigger} label of the reconcile metrics. */
public enum SyncTrigger {
  STARTUP,
  WEBHOOK,
  POLL,
  RESYNC,
  MANUAL;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
