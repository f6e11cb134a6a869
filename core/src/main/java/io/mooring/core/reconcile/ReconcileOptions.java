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
 * @param concurrency how many apps of a whole-revision reconcile are reconciled at once; the
 *     objects of one app are always written one after the other, in apply order
 */
public record ReconcileOptions(
    ReconcileMode mode, PlanPolicy policy, Duration cacheWait, Clock clock, int concurrency) {

  /**
   * An API server answers each request in milliseconds and serves many at once: a few apps in
   * flight hide that latency without crowding the server or the process's CPUs.
   */
  public static final int DEFAULT_CONCURRENCY = 8;

  public ReconcileOptions {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
    }
  }

  public ReconcileOptions(ReconcileMode mode, PlanPolicy policy, Duration cacheWait, Clock clock) {
    this(mode, policy, cacheWait, clock, DEFAULT_CONCURRENCY);
  }

  public static ReconcileOptions defaults() {
    return new ReconcileOptions(
        ReconcileMode.APPLY, PlanPolicy.defaults(), Duration.ofSeconds(10), Clock.systemUTC());
  }

  public ReconcileOptions withMode(ReconcileMode value) {
    return new ReconcileOptions(value, policy, cacheWait, clock, concurrency);
  }

  public ReconcileOptions withPolicy(PlanPolicy value) {
    return new ReconcileOptions(mode, value, cacheWait, clock, concurrency);
  }

  public ReconcileOptions withClock(Clock value) {
    return new ReconcileOptions(mode, policy, cacheWait, value, concurrency);
  }

  public ReconcileOptions withConcurrency(int value) {
    return new ReconcileOptions(mode, policy, cacheWait, clock, value);
  }
}
