package io.mooring.core.reconcile;

import io.mooring.core.plan.PlanPolicy;
import java.time.Clock;
import java.time.Duration;

/**
 * How a reconcile runs: its mode (apply or observe), its plan policy and how long it waits for the
 * cache to catch up with its writes.
 *
 * @param cacheWait how long to wait, after writing, for the cache to show the writes; the next diff
 *     of the app then starts from them instead of re-applying
 * @param clock decides whether an app's maintenance window is open
 */
public record ReconcileOptions(
    ReconcileMode mode, PlanPolicy policy, Duration cacheWait, Clock clock) {

  public static ReconcileOptions defaults() {
    return new ReconcileOptions(
        ReconcileMode.APPLY, PlanPolicy.defaults(), Duration.ofSeconds(10), Clock.systemUTC());
  }

  public ReconcileOptions withMode(ReconcileMode value) {
    return new ReconcileOptions(value, policy, cacheWait, clock);
  }

  public ReconcileOptions withPolicy(PlanPolicy value) {
    return new ReconcileOptions(mode, value, cacheWait, clock);
  }

  public ReconcileOptions withClock(Clock value) {
    return new ReconcileOptions(mode, policy, cacheWait, value);
  }
}
