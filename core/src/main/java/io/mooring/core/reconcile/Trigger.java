package io.mooring.core.reconcile;

import java.util.Locale;

/** What started a reconcile; a bounded label of the duration histogram. */
public enum Trigger {
  WEBHOOK,
  POLL,
  CLUSTER_EVENT,
  RESYNC,
  STARTUP,
  CLI,
  /** A pull-request preview: observed only, never written. */
  PREVIEW;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
