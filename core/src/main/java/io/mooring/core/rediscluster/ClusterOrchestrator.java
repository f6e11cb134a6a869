package io.mooring.core.rediscluster;

import io.mooring.core.spec.AppRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one app's Redis Cluster to its layout: read every pod, let {@link ClusterPlanner} choose
 * the next step, record it, carry it out, read again. A step the servers finish by themselves
 * (handshakes, failover) is waited on by reading their report again, within a bound; past it the
 * run ends IN_PROGRESS and the next sync goes on. Progress is recorded before every step and after
 * every batch of slots, so a Mooring that stops anywhere is followed by one that resumes.
 */
public final class ClusterOrchestrator {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterOrchestrator.class);

  private final NodeCommands commands;
  private final ProgressStore store;
  private final ClusterListener listener;
  private final Duration bound;
  private final Duration poll;
  private final Clock clock;

  /**
   * @param bound how long one run waits for the servers before it returns IN_PROGRESS
   * @param poll how often the servers are read while waiting
   */
  public ClusterOrchestrator(
      NodeCommands commands,
      ProgressStore store,
      ClusterListener listener,
      Duration bound,
      Duration poll) {
    this(commands, store, listener, bound, poll, Clock.systemUTC());
  }

  ClusterOrchestrator(
      NodeCommands commands,
      ProgressStore store,
      ClusterListener listener,
      Duration bound,
      Duration poll,
      Clock clock) {
    this.commands = commands;
    this.store = store;
    this.listener = listener;
    this.bound = bound;
    this.poll = poll;
    this.clock = clock;
  }

  public ClusterOutcome run(AppRef app, DesiredLayout layout) {
    Instant deadline = clock.instant().plus(bound);
    StepExecutor executor = new StepExecutor(commands);
    ClusterProgress progress = store.load(app);
    while (true) {
      LiveCluster live = ClusterObserver.observe(commands, layout);
      listener.observed(app, live);
      ClusterStep step = ClusterPlanner.next(layout, live);
      if (step instanceof ClusterStep.Done done) {
        progress = progress.starting(layout.shape(), "settled", step.describe());
        store.save(app, progress);
        return outcome(ClusterOutcome.State.SETTLED, step.describe(), done.podsMayGo(), progress);
      }
      if (step instanceof ClusterStep.Blocked) {
        progress = progress.starting(layout.shape(), "blocked", step.describe());
        store.save(app, progress);
        return outcome(ClusterOutcome.State.BLOCKED, step.describe(), List.of(), progress);
      }
      if (step instanceof ClusterStep.Wait) {
        if (!clock.instant().isBefore(deadline)) {
          return outcome(ClusterOutcome.State.IN_PROGRESS, step.describe(), List.of(), progress);
        }
        pause();
        continue;
      }
      progress = progress.starting(layout.shape(), phase(step), step.describe());
      store.save(app, progress);
      LOG.info("{}: {}", app, step.describe());
      int[] moved = {0};
      try {
        executor.execute(step, live, slot -> moved[0]++);
      } catch (RuntimeException e) {
        progress = progress.moved(moved[0]);
        store.save(app, progress);
        return failed(step, moved[0], e, progress);
      }
      progress = progress.moved(moved[0]);
      if (moved[0] > 0) {
        store.save(app, progress);
      }
      listener.stepDone(app, step);
    }
  }

  /**
   * A slot that would not move makes the app Degraded with its number; any other failed step is
   * tried again on the next sync.
   */
  private static ClusterOutcome failed(
      ClusterStep step, int movedBefore, RuntimeException e, ClusterProgress progress) {
    String error = String.valueOf(e.getMessage());
    if (step instanceof ClusterStep.MoveSlots move) {
      int slot = move.slots().get(movedBefore);
      return outcome(
          ClusterOutcome.State.DEGRADED,
          "slot "
              + slot
              + " is stuck moving from "
              + move.source()
              + " to "
              + move.target()
              + ": "
              + error,
          List.of(),
          progress);
    }
    if (step instanceof ClusterStep.FinishMigration finish) {
      return outcome(
          ClusterOutcome.State.DEGRADED,
          "slot " + finish.slot() + " is stuck half-moved: " + error,
          List.of(),
          progress);
    }
    return outcome(
        ClusterOutcome.State.IN_PROGRESS,
        step.describe() + " failed: " + error,
        List.of(),
        progress);
  }

  private static ClusterOutcome outcome(
      ClusterOutcome.State state,
      String line,
      List<NodeAddress> podsMayGo,
      ClusterProgress progress) {
    return new ClusterOutcome(state, line, podsMayGo, progress.slotsMoved());
  }

  private static String phase(ClusterStep step) {
    return step.getClass().getSimpleName();
  }

  private void pause() {
    try {
      Thread.sleep(poll.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the cluster", e);
    }
  }
}
