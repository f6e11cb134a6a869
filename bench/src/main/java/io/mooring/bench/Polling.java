package io.mooring.bench;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits in the harness, by polling with a fine grain: the figures measured are often a few
 * milliseconds.
 */
public final class Polling {
  private Polling() {}

  /**
   * Waits until {@code condition} holds; returns the {@link System#nanoTime()} at which it was
   * seen.
   */
  public static long until(BooleanSupplier condition, Duration timeout, String what)
      throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long now = System.nanoTime();
      if (condition.getAsBoolean()) {
        return now;
      }
      if (now > deadline) {
        throw new TimeoutException("timed out after " + timeout + " waiting for " + what);
      }
      LockSupport.parkNanos(200_000);
    }
  }

  /**
   * Waits until {@code value} has not changed for {@code quiet}: the work it counts has stopped.
   */
  public static void settled(
      java.util.function.LongSupplier value, Duration quiet, Duration timeout)
      throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long last = value.getAsLong();
    long since = System.nanoTime();
    while (System.nanoTime() - since < quiet.toNanos()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("still changing after " + timeout);
      }
      sleep(Duration.ofMillis(20));
      long now = value.getAsLong();
      if (now != last) {
        last = now;
        since = System.nanoTime();
      }
    }
  }

  public static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
