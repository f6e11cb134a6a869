package io.mooring.core.redisops;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.redisops.RotationPlanner.Step;
import io.mooring.core.redisops.RotationRecord.Phase;
import io.mooring.core.spec.PasswordRotation;
import io.mooring.core.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rotation's next step from its record and a clock, including after a restart mid-way. */
class RotationPlannerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final PasswordRotation MONTHLY =
      new PasswordRotation(Optional.of(Duration.ofDays(30)), Duration.ofDays(1));
  private final MovableClock clock = new MovableClock(T0);

  private Step next(RotationRecord record, String annotation, PasswordRotation policy) {
    return RotationPlanner.next(
        Optional.ofNullable(record), Optional.ofNullable(annotation), policy, clock.instant());
  }

  @Test
  void anAppSeenForTheFirstTimeIsRememberedAndItsCurrentAnnotationAsksForNothing() {
    Step first = next(null, "2026-q1", MONTHLY);
    assertThat(first)
        .isEqualTo(new Step.Remember(new RotationRecord("", Phase.IDLE, T0, "2026-q1", T0)));
    assertThat(next(((Step.Remember) first).record(), "2026-q1", MONTHLY))
        .isEqualTo(new Step.Idle());
  }

  @Test
  void aNewAnnotationValueStartsARotationAndTheRecordedOneDoesNot() {
    RotationRecord seen = RotationRecord.firstSeen(T0, "2026-q1");
    assertThat(next(seen, "2026-q2", PasswordRotation.ON_DEMAND))
        .isEqualTo(new Step.Prepare("2026-q2"));
    assertThat(next(seen, null, PasswordRotation.ON_DEMAND)).isEqualTo(new Step.Idle());
  }

  @Test
  void theScheduleIsDueEveryPeriodAfterTheLastRotationFinished() {
    RotationRecord seen = RotationRecord.firstSeen(T0, "");
    clock.set(T0.plus(Duration.ofHours(719)));
    assertThat(next(seen, null, MONTHLY)).isEqualTo(new Step.Idle());
    clock.set(T0.plus(Duration.ofDays(30)));
    assertThat(next(seen, null, MONTHLY)).isEqualTo(new Step.Prepare(RotationPlanner.SCHEDULE));
  }

  @Test
  void aRotationGoesThroughEachPhaseAndKeepsTheOldPasswordForTheWholeOverlap() {
    RotationRecord record = RotationRecord.firstSeen(T0, "").start("r1", T0);
    assertThat(next(record, "r1", MONTHLY)).isEqualTo(new Step.AddNew());
    record = record.advance(Phase.ADDED, T0);
    assertThat(next(record, "r1", MONTHLY)).isEqualTo(new Step.Switch());
    Instant switched = T0.plus(Duration.ofMinutes(1));
    record = record.advance(Phase.SWITCHED, switched);
    clock.set(switched.plus(Duration.ofHours(23)));
    assertThat(next(record, "r1", MONTHLY))
        .isEqualTo(new Step.Overlap(switched.plus(Duration.ofDays(1))));
    clock.set(switched.plus(Duration.ofDays(1)));
    assertThat(next(record, "r1", MONTHLY)).isEqualTo(new Step.DropOld());
    RotationRecord done = record.finish(clock.instant());
    assertThat(next(done, "r1", MONTHLY)).isEqualTo(new Step.Idle());
  }

  @Test
  void aRecordReadBackAfterARestartResumesTheSamePhaseAndItsOverlap() {
    Instant switched = T0.plus(Duration.ofMinutes(5));
    RotationRecord written =
        RotationRecord.firstSeen(T0, "").start("r1", T0).advance(Phase.SWITCHED, switched);
    RotationRecord read = RotationRecord.decode(written.encode()).orElseThrow();
    assertThat(read).isEqualTo(written);
    clock.set(switched.plus(Duration.ofHours(1)));
    assertThat(next(read, "r1", MONTHLY))
        .as("a restart an hour into the overlap does not drop the old password early")
        .isEqualTo(new Step.Overlap(switched.plus(Duration.ofDays(1))));
    assertThat(RotationRecord.decode("phase=bogus")).isEmpty();
  }

  private Step nextFor(RotationRecord record, String annotation, boolean existedBefore) {
    return RotationPlanner.next(
        Optional.ofNullable(record),
        Optional.ofNullable(annotation),
        PasswordRotation.ON_DEMAND,
        clock.instant(),
        existedBefore);
  }

  @Test
  void aRunningAppThatFirstGetsTheAnnotationRotatesAndOneCreatedWithItDoesNot() {
    Step running = nextFor(null, "2026-q1", true);
    assertThat(running)
        .isEqualTo(new Step.Remember(new RotationRecord("", Phase.IDLE, T0, "", T0)));
    assertThat(nextFor(((Step.Remember) running).record(), "2026-q1", true))
        .isEqualTo(new Step.Prepare("2026-q1"));

    Step created = nextFor(null, "2026-q1", false);
    assertThat(created)
        .isEqualTo(new Step.Remember(new RotationRecord("", Phase.IDLE, T0, "2026-q1", T0)));
    assertThat(nextFor(((Step.Remember) created).record(), "2026-q1", false))
        .isEqualTo(new Step.Idle());
  }

  @Test
  void anAppWithNeitherScheduleNorAnnotationIsNeverRecorded() {
    assertThat(nextFor(null, null, true)).isEqualTo(new Step.Idle());
    assertThat(nextFor(null, " ", true)).isEqualTo(new Step.Idle());
    assertThat(nextFor(null, null, false)).isEqualTo(new Step.Idle());
    assertThat(next(null, null, MONTHLY))
        .as("a schedule counts from the first sync that sees it")
        .isEqualTo(new Step.Remember(RotationRecord.firstSeen(T0, "")));
  }

  @Test
  void aRequestWithCommasAndEqualsSignsIsReadBackAsWrittenAndAsksOnlyOnce() {
    RotationRecord done =
        RotationRecord.firstSeen(T0, "")
            .start("ticket=42, 100% again %2C", T0)
            .advance(Phase.SWITCHED, T0)
            .finish(T0.plus(Duration.ofDays(1)));
    RotationRecord read = RotationRecord.decode(done.encode()).orElseThrow();
    assertThat(read).isEqualTo(done);
    assertThat(next(read, "ticket=42, 100% again %2C", PasswordRotation.ON_DEMAND))
        .isEqualTo(new Step.Idle());
  }
}
