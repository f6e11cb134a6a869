package io.mooring.core.plan;

import io.mooring.core.spec.AppRef;
import java.util.List;

/**
 * A prune the guards would have held back, let through by a {@link PruneAllowance}: what the audit
 * records (a log line, a metric, and in the daemon a status entry).
 *
 * @param guard why the guard alone would have held the prune back
 * @param allowedBy who allowed it ({@link PruneAllowance#allowedBy()})
 * @param kind {@link PruneAllowance#kind()}, a bounded metric label
 * @param apps the apps pruned past the guard
 */
public record GuardOverride(String guard, String allowedBy, String kind, List<AppRef> apps) {
  public GuardOverride {
    apps = List.copyOf(apps);
  }
}
