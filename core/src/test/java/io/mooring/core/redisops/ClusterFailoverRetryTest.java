package io.mooring.core.redisops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterFailoverRetryTest {
  private static final Instant FIRST = Instant.parse("2026-01-01T00:00:00Z");

  /** A node timeout short enough that the replica may run an election again at once. */
  private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);

  private static final RollProgress FAILOVER =
      new RollProgress("rev2", RollProgress.Step.FAILOVER, "c-1", FIRST);

  private static RedisNode node(int ordinal, RedisNode.Role role, boolean caughtUp) {
    return new RedisNode(
        "c-" + ordinal,
        ordinal,
        ordinal != 1,
        role,
        role == RedisNode.Role.REPLICA,
        caughtUp,
        false,
        Optional.of("7.0.15"));
  }

  private static RollView shard(Optional<String> master, RedisNode... nodes) {
    return new RollView("rev2", List.of(nodes), master, Optional.empty());
  }

  private static final RollView ABANDONED =
      shard(
          Optional.of("c-1"),
          node(0, RedisNode.Role.REPLICA, true),
          node(1, RedisNode.Role.MASTER, false),
          node(2, RedisNode.Role.REPLICA, true));

  private static Optional<String> askAgain(RollView view, RollProgress progress, long seconds) {
    return askAgainAtMillis(view, progress, seconds * 1000);
  }

  private static Optional<String> askAgainAtMillis(
      RollView view, RollProgress progress, long millis) {
    return ClusterFailoverRetry.askAgain(view, progress, FIRST.plusMillis(millis), SHORT_TIMEOUT)
        .map(RedisNode::pod);
  }

  @Test
  void theUpdatedCaughtUpReplicaIsAskedAgainOnlyOnceItHasGivenTheLastRequestUp() {
    assertThat(askAgain(ABANDONED, FAILOVER, 5)).isEmpty();
    assertThat(askAgainAtMillis(ABANDONED, FAILOVER, 5_100)).isEmpty();
    assertThat(askAgainAtMillis(ABANDONED, FAILOVER, 5_101)).contains("c-0");

    RollProgress askedAgain = FAILOVER.askedAgain(FIRST.plusSeconds(6));
    assertThat(askAgain(ABANDONED, askedAgain, 10)).isEmpty();
    assertThat(askAgain(ABANDONED, askedAgain, 12)).contains("c-0");
  }

  @Test
  void withTheRenderedNodeTimeoutTheReplicaIsAskedAgainOnlyOnceItMayHoldAnotherElection() {
    Duration rendered = Duration.ofSeconds(15);
    assertThat(ClusterFailoverRetry.askAgain(ABANDONED, FAILOVER, FIRST.plusSeconds(6), rendered))
        .isEmpty();
    assertThat(ClusterFailoverRetry.askAgain(ABANDONED, FAILOVER, FIRST.plusSeconds(60), rendered))
        .isEmpty();
    assertThat(
            ClusterFailoverRetry.askAgain(ABANDONED, FAILOVER, FIRST.plusMillis(60_101), rendered)
                .map(RedisNode::pod))
        .contains("c-0");
  }

  @Test
  void anotherUpdatedReplicaIsAskedWhenTheFirstIsNotCaughtUp() {
    RollView lagging =
        shard(
            Optional.of("c-1"),
            node(0, RedisNode.Role.REPLICA, false),
            node(1, RedisNode.Role.MASTER, false),
            node(2, RedisNode.Role.REPLICA, true));
    assertThat(askAgain(lagging, FAILOVER, 6)).contains("c-2");
  }

  @Test
  void nobodyIsAskedOnceAReplicaReportsMasterOrDoesNotAnswerOrTheStepIsARestart() {
    RollView promoted =
        shard(
            Optional.empty(),
            node(0, RedisNode.Role.MASTER, false),
            node(1, RedisNode.Role.MASTER, false),
            node(2, RedisNode.Role.REPLICA, true));
    assertThat(askAgain(promoted, FAILOVER, 60)).isEmpty();

    RollView silent =
        shard(
            Optional.of("c-1"),
            node(0, RedisNode.Role.UNREACHABLE, false),
            node(1, RedisNode.Role.MASTER, false),
            node(2, RedisNode.Role.REPLICA, true));
    assertThat(askAgain(silent, FAILOVER, 60)).isEmpty();

    RollView demoted =
        shard(
            Optional.of("c-0"),
            node(0, RedisNode.Role.MASTER, false),
            node(1, RedisNode.Role.REPLICA, true),
            node(2, RedisNode.Role.REPLICA, true));
    assertThat(askAgain(demoted, FAILOVER, 60)).isEmpty();

    RollProgress restart = new RollProgress("rev2", RollProgress.Step.RESTART, "c-1", FIRST);
    assertThat(askAgain(ABANDONED, restart, 60)).isEmpty();
  }
}
