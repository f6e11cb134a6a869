package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.status.AppStatusStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SelfHealBackoffTest {
  private static final AppRef CACHE = new AppRef(AppKind.REDIS, "team-a", "cache");
  private static final AppRef EVENTS = new AppRef(AppKind.NATS, "team-b", "events");
  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  private final SelfHealBackoff backoff =
      new SelfHealBackoff(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMinutes(1));
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void repeatedHealsOfOneAppWaitTwiceAsLongUpToTheMaximum() {
    assertThat(backoff.nextDelay(CACHE, 0)).hasSeconds(2);
    assertThat(backoff.nextDelay(CACHE, SECOND)).hasSeconds(4);
    assertThat(backoff.nextDelay(CACHE, 2 * SECOND)).hasSeconds(8);
    assertThat(backoff.nextDelay(CACHE, 3 * SECOND)).hasSeconds(10);
    assertThat(backoff.nextDelay(EVENTS, 3 * SECOND)).as("another app").hasSeconds(2);
  }

  @Test
  void aForgottenAppStartsAfreshAndIsNoLongerRemembered() {
    backoff.nextDelay(CACHE, 0);
    backoff.nextDelay(CACHE, SECOND);
    backoff.nextDelay(EVENTS, SECOND);

    backoff.forget(CACHE);

    assertThat(backoff.remembered()).containsExactly(EVENTS);
    assertThat(backoff.nextDelay(CACHE, 2 * SECOND)).hasSeconds(2);
  }

  @Test
  void appsWithNoHealWithinTheWindowAreDropped() {
    backoff.nextDelay(CACHE, 0);
    backoff.nextDelay(EVENTS, 30 * SECOND);

    backoff.nextDelay(EVENTS, 61 * SECOND);

    assertThat(backoff.remembered()).containsExactly(EVENTS);
  }

  @Test
  void theDriftWatcherForgetsAnAppWhoseSpecIsGone() {
    backoff.nextDelay(CACHE, 0);
    backoff.nextDelay(EVENTS, 0);
    // The cluster events of the prune arrive after the spec left git: no spec, no reconcile.
    DriftWatcher watcher =
        new DriftWatcher(
            Runnable::run,
            timer,
            null,
            null,
            true,
            backoff,
            app -> null,
            () -> "0a1b2c",
            new AppStatusStore(Clock.systemUTC()),
            app -> true,
            new io.mooring.core.metrics.DriftMetrics(
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));

    watcher.changed(CACHE);

    await().atMost(Duration.ofSeconds(10)).until(() -> !backoff.remembered().contains(CACHE));
    assertThat(backoff.remembered()).containsExactly(EVENTS);
  }
}
