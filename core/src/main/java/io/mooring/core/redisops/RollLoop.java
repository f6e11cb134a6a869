package io.mooring.core.redisops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Steps a roll until it is done, stopped or refused, asking the servers again every {@code poll}
 * while a step is in flight. A wait with no step in flight (the set unhealthy before anything was
 * restarted) is bounded too: the sync that runs the roll must not hang on a set that never
 * recovers.
 */
final class RollLoop {
  /** One observation of the servers, the decision, and the step taken. */
  @FunctionalInterface
  interface Stepper {
    RollStep step() throws InterruptedException;
  }

  private RollLoop() {}

  static RollStep run(Stepper stepper, Clock clock, Duration bound, Duration poll)
      throws InterruptedException {
    Instant waitingSince = null;
    while (true) {
      RollStep step = stepper.step();
      if (step instanceof RollStep.Done
          || step instanceof RollStep.Degraded
          || step instanceof RollStep.Refused) {
        return step;
      }
      if (step instanceof RollStep.Await await) {
        Instant now = clock.instant();
        waitingSince = waitingSince == null ? now : waitingSince;
        if (now.isAfter(waitingSince.plus(bound))) {
          return new RollStep.Degraded(
              await.pod(),
              await.reason()
                  + " for "
                  + bound.toSeconds()
                  + " s; the roll goes on from here on a later sync");
        }
        Thread.sleep(poll.toMillis());
      } else {
        waitingSince = null;
      }
    }
  }
}
