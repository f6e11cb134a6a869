package io.mooring.core.redisops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RollPlannerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration BOUND = Duration.ofSeconds(60);

  private static RedisNode master(int ordinal, boolean updated) {
    return new RedisNode(
        "r-" + ordinal,
        ordinal,
        updated,
        RedisNode.Role.MASTER,
        false,
        false,
        false,
        Optional.of("7.2.4"));
  }

  private static RedisNode replica(int ordinal, boolean updated) {
    return new RedisNode(
        "r-" + ordinal,
        ordinal,
        updated,
        RedisNode.Role.REPLICA,
        true,
        true,
        false,
        Optional.of("7.2.4"));
  }

  private static RedisNode down(int ordinal, boolean updated) {
    return new RedisNode(
        "r-" + ordinal,
        ordinal,
        updated,
        RedisNode.Role.UNREACHABLE,
        false,
        false,
        false,
        Optional.empty());
  }

  private static RollView view(String master, RedisNode... nodes) {
    return new RollView("rev2", List.of(nodes), Optional.of(master), Optional.empty());
  }

  private static RollStep next(RollView view, RollProgress progress) {
    return RollPlanner.next(view, Optional.ofNullable(progress), NOW, BOUND);
  }

  @Test
  void replicasRestartFirstLowestOrdinalFirstAndTheMasterIsNeverRestartedWhileItIsMaster() {
    RollView view = view("r-1", replica(0, false), master(1, false), replica(2, false));
    assertThat(next(view, null)).isEqualTo(new RollStep.Restart("r-0"));

    RollView firstDone = view("r-1", replica(0, true), master(1, false), replica(2, false));
    assertThat(next(firstDone, null)).isEqualTo(new RollStep.Restart("r-2"));

    RollView replicasDone = view("r-1", replica(0, true), master(1, false), replica(2, true));
    assertThat(next(replicasDone, null)).isEqualTo(new RollStep.Failover("r-1"));
  }

  @Test
  void noFailoverUntilTheSentinelsKnowEveryReplicaAsHealthy() {
    RedisNode[] nodes = {replica(0, true), master(1, false), replica(2, true)};
    RollView oneUnknown =
        new RollView(
            "rev2",
            List.of(nodes),
            Optional.of("r-1"),
            Optional.empty(),
            Optional.of(Set.of("r-0")));

    RollStep step = next(oneUnknown, null);

    assertThat(step).isInstanceOf(RollStep.Await.class);
    assertThat(((RollStep.Await) step).pod()).isEqualTo("r-2");
    assertThat(((RollStep.Await) step).reason()).contains("do not know pod r-2");
    RollView allKnown =
        new RollView(
            "rev2",
            List.of(nodes),
            Optional.of("r-1"),
            Optional.empty(),
            Optional.of(Set.of("r-0", "r-2")));
    assertThat(next(allKnown, null)).isEqualTo(new RollStep.Failover("r-1"));
  }

  @Test
  void afterTheFailoverTheOldMasterIsRestartedAsAReplicaAndThenTheRollIsDone() {
    RollView failedOver = view("r-0", master(0, true), replica(1, false), replica(2, true));
    RollProgress failover =
        new RollProgress("rev2", RollProgress.Step.FAILOVER, "r-1", NOW.minusSeconds(5));
    assertThat(next(failedOver, failover)).isEqualTo(new RollStep.Restart("r-1"));

    RollView done = view("r-0", master(0, true), replica(1, true), replica(2, true));
    assertThat(next(done, null)).isInstanceOf(RollStep.Done.class);
  }

  @Test
  void aRestartedPodIsAwaitedUntilItIsBackCaughtUpAndAPodNotBackWithinTheBoundStopsTheRoll() {
    RollProgress restart =
        new RollProgress("rev2", RollProgress.Step.RESTART, "r-0", NOW.minusSeconds(10));
    RollView starting = view("r-1", down(0, true), master(1, false), replica(2, false));
    assertThat(next(starting, restart))
        .isEqualTo(new RollStep.Await("r-0", "restarted pod r-0: does not answer"));

    // The old pod, still terminating, answers as a healthy replica but runs the old template.
    RollView terminating = view("r-1", replica(0, false), master(1, false), replica(2, false));
    assertThat(next(terminating, restart)).isInstanceOf(RollStep.Await.class);

    RollProgress late =
        new RollProgress("rev2", RollProgress.Step.RESTART, "r-0", NOW.minusSeconds(61));
    RollStep stopped = next(starting, late);
    assertThat(stopped).isInstanceOf(RollStep.Degraded.class);
    assertThat(((RollStep.Degraded) stopped).pod()).isEqualTo("r-0");
    assertThat(((RollStep.Degraded) stopped).reason())
        .contains("not healthy within 60 s", "does not answer", "nothing else is restarted");
  }

  @Test
  void aReplicaStillWritingItsAppendOnlyFileIsNotHealthyYet() {
    RedisNode busy =
        new RedisNode(
            "r-0", 0, true, RedisNode.Role.REPLICA, true, true, true, Optional.of("7.2.4"));
    RollProgress restart = new RollProgress("rev2", RollProgress.Step.RESTART, "r-0", NOW);
    RollStep step = next(view("r-1", busy, master(1, false), replica(2, false)), restart);
    assertThat(step).isInstanceOf(RollStep.Await.class);
    assertThat(((RollStep.Await) step).reason()).contains("append-only file");
  }

  @Test
  void nothingIsRestartedWhileAReplicaIsUnhealthyOrTheSentinelsNameNoMaster() {
    RollView replicaDown = view("r-1", down(0, false), master(1, false), replica(2, false));
    assertThat(next(replicaDown, null)).isInstanceOf(RollStep.Await.class);

    RollView noMaster =
        new RollView(
            "rev2",
            List.of(replica(0, false), master(1, false)),
            Optional.empty(),
            Optional.empty());
    assertThat(next(noMaster, null)).isInstanceOf(RollStep.Await.class);
  }

  @Test
  void aFailoverIsAwaitedUntilTheOldMasterFollowsTheNewOneAndStopsTheRollAfterItsBound() {
    RollProgress failover =
        new RollProgress("rev2", RollProgress.Step.FAILOVER, "r-1", NOW.minusSeconds(5));
    RollView switched = view("r-0", master(0, true), master(1, false), replica(2, true));
    assertThat(next(switched, failover)).isInstanceOf(RollStep.Await.class);

    RollProgress late =
        new RollProgress("rev2", RollProgress.Step.FAILOVER, "r-1", NOW.minusSeconds(61));
    RollView stuck = view("r-1", replica(0, true), master(1, false), replica(2, true));
    assertThat(next(stuck, late)).isInstanceOf(RollStep.Degraded.class);
  }

  @Test
  void aDowngradeAcrossAMajorVersionIsRefusedBeforeAnythingRestarts() {
    RollView view =
        new RollView(
            "rev2",
            List.of(replica(0, false), master(1, false)),
            Optional.of("r-1"),
            Optional.of("6.2"));
    RollStep step = next(view, null);
    assertThat(step).isInstanceOf(RollStep.Refused.class);
    assertThat(((RollStep.Refused) step).reason()).contains("6.2", "7.2.4", "downgrade");

    RollView minor =
        new RollView(
            "rev2",
            List.of(replica(0, false), master(1, false)),
            Optional.of("r-1"),
            Optional.of("7.0"));
    assertThat(next(minor, null)).isEqualTo(new RollStep.Restart("r-0"));
  }

  @Test
  void theProgressRecordSurvivesItsAnnotationAndForeignValuesAreIgnored() {
    RollProgress progress =
        new RollProgress("example-redis-5d4f", RollProgress.Step.FAILOVER, "example-redis-1", NOW);
    assertThat(RollProgress.decode(progress.encode())).contains(progress);
    assertThat(RollProgress.decode("revision=x,step=jump,pod=p,since=" + NOW)).isEmpty();
    assertThat(RollProgress.decode("not a record")).isEmpty();
    assertThat(RollProgress.decode(null)).isEmpty();
  }

  @Test
  void aFailoverAskedAgainKeepsItsFirstRequestAndARecordWrittenBeforeThatDecodesAsAskedOnce() {
    RollProgress again =
        new RollProgress("example-redis-5d4f", RollProgress.Step.FAILOVER, "example-redis-1", NOW)
            .askedAgain(NOW.plusSeconds(6));
    assertThat(RollProgress.decode(again.encode())).contains(again);
    assertThat(again.encode()).contains("since=" + NOW, "asked=" + NOW.plusSeconds(6));

    Optional<RollProgress> old =
        RollProgress.decode(
            "revision=example-redis-5d4f,step=failover,pod=example-redis-1,since=" + NOW);
    assertThat(old).map(RollProgress::since).contains(NOW);
    assertThat(old).map(RollProgress::asked).contains(NOW);
  }
}
