package io.mooring.sandbox;

import java.time.Duration;
import java.util.Random;

/**
 * Faults drawn at random, with a seed so that a failing run can be repeated: each request fails
 * with probability {@code rate}, in one of the ways a real API server fails; a watch that resumes
 * from a resourceVersion meets {@code 410 Gone} at the same rate, and every other watch is cut
 * after a while.
 */
public final class RandomFaults implements FaultPlan {
  private final Random random;
  private final double rate;

  public RandomFaults(long seed, double rate) {
    this.random = new Random(seed);
    this.rate = rate;
  }

  @Override
  public synchronized Fault choose(ProxiedRequest request) {
    if (request.watch()) {
      if (request.resumes() && random.nextDouble() < rate) {
        return new Fault.Status(410);
      }
      // A real API server also ends every watch after its request timeout; here sooner, so that
      // a client that has settled keeps reconnecting (and meeting faults) for as long as they run.
      return random.nextDouble() < rate
          ? new Fault.CloseStream(Duration.ofMillis(2_000 + random.nextInt(8_000)))
          : new Fault.CloseStream(Duration.ofMillis(10_000 + random.nextInt(20_000)));
    }
    if (random.nextDouble() >= rate) {
      return Fault.PASS;
    }
    int pick = random.nextInt(request.isWrite() ? 7 : 5);
    return switch (pick) {
      case 0 -> new Fault.Status(500);
      case 1 -> new Fault.Status(503);
      case 2 -> new Fault.Throttle(1);
      case 3 -> new Fault.Slow(Duration.ofMillis(100 + random.nextInt(400)));
      case 4 -> new Fault.Reset(false);
      case 5 -> new Fault.Status(409);
      default -> new Fault.Reset(true);
    };
  }
}
