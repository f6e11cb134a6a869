package io.mooring.core.redisops;

/** What a roll does next, as {@link RollPlanner} decides it. */
public sealed interface RollStep {

  /** Every pod runs the current template and the set is healthy. */
  record Done() implements RollStep {}

  /** Delete this replica's pod so that it comes back with the current template. */
  record Restart(String pod) implements RollStep {}

  /**
   * Every replica is updated and caught up: hand the master role of {@code master} to one of them
   * through the Sentinels.
   */
  record Failover(String master) implements RollStep {}

  /** Nothing to do until the servers report a change; {@code pod} may be empty. */
  record Await(String pod, String reason) implements RollStep {}

  /** A step did not become healthy within its bound: the roll stops here. */
  record Degraded(String pod, String reason) implements RollStep {}

  /** The roll must not start at all (e.g. a downgrade across a major version). */
  record Refused(String reason) implements RollStep {}
}
