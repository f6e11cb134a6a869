package io.mooring.core.redisops;

import io.mooring.core.spec.PasswordRotation;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The next step of a Redis app's password rotation, from its record alone: pure, so that every step
 * can be taken again after a crash and a restart mid-rotation neither draws a second new password
 * nor drops the old one before its overlap is over.
 */
public final class RotationPlanner {
  /** What the rotation does next. */
  public sealed interface Step {
    /** Nothing is due. */
    record Idle() implements Step {}

    /** An app seen for the first time: record it, so that its schedule counts from now. */
    record Remember(RotationRecord record) implements Step {}

    /**
     * Draw a new password and keep it in the Secret (unless one is kept there already), then record
     * {@link RotationRecord.Phase#PREPARED} for {@code request}.
     */
    record Prepare(String request) implements Step {}

    /** Add the kept new password on every server (Redis pods and Sentinels); both now log in. */
    record AddNew() implements Step {}

    /**
     * Point replication ({@code masterauth}) and Sentinel ({@code auth-pass}) at the new password
     * and write it to the app's Secrets, the old one kept as the previous password.
     */
    record Switch() implements Step {}

    /** The old password still logs in until {@code until}. */
    record Overlap(Instant until) implements Step {}

    /** Remove the old password from every server and from the Secrets. */
    record DropOld() implements Step {}
  }

  /** The request value of a rotation the schedule asked for. */
  public static final String SCHEDULE = "schedule";

  private RotationPlanner() {}

  /**
   * The step due now, for a password that is new with this sync: the annotation it is created with
   * asks for nothing.
   *
   * @param recorded the StatefulSet's record; empty for an app never seen
   * @param requested the value of the spec's rotate-passwords annotation, if any
   */
  public static Step next(
      Optional<RotationRecord> recorded,
      Optional<String> requested,
      PasswordRotation policy,
      Instant now) {
    return next(recorded, requested, policy, now, false);
  }

  /**
   * Takes every step due now, each read from the record as {@code take} left it, and returns the
   * one the rotation waits at ({@link Step.Idle} or {@link Step.Overlap}). A step that throws stops
   * the rotation there; the record says where the next call resumes.
   *
   * @param take carries out one step and records it, given the record it was decided from
   */
  public static Step drive(
      Supplier<Optional<RotationRecord>> record,
      Optional<String> requested,
      PasswordRotation policy,
      Clock clock,
      boolean existedBefore,
      BiConsumer<Step, Optional<RotationRecord>> take) {
    while (true) {
      Optional<RotationRecord> recorded = record.get();
      Step step = next(recorded, requested, policy, clock.instant(), existedBefore);
      if (step instanceof Step.Idle || step instanceof Step.Overlap) {
        return step;
      }
      take.accept(step, recorded);
    }
  }

  /**
   * The step due now.
   *
   * @param recorded the record of the password's rotations; empty when none was ever written
   * @param requested the value of the spec's rotate-passwords annotation, if any
   * @param existedBefore the password was in use before this sync (its app was running): an
   *     annotation it first gets now asks for a rotation, where one an app is created with does not
   */
  public static Step next(
      Optional<RotationRecord> recorded,
      Optional<String> requested,
      PasswordRotation policy,
      Instant now,
      boolean existedBefore) {
    if (recorded.isEmpty()) {
      boolean asked = requested.filter(value -> !value.isBlank()).isPresent();
      if (!asked && policy.every().isEmpty()) {
        // Most apps never rotate: they cost no write.
        return new Step.Idle();
      }
      return new Step.Remember(
          RotationRecord.firstSeen(now, existedBefore ? "" : requested.orElse("")));
    }
    RotationRecord record = recorded.get();
    return switch (record.phase()) {
      case PREPARED -> new Step.AddNew();
      case ADDED -> new Step.Switch();
      case SWITCHED -> {
        Instant until = record.since().plus(policy.overlap());
        yield now.isBefore(until) ? new Step.Overlap(until) : new Step.DropOld();
      }
      case IDLE -> due(record, requested, policy, now);
    };
  }

  private static Step due(
      RotationRecord record, Optional<String> requested, PasswordRotation policy, Instant now) {
    if (requested.isPresent()
        && !requested.get().isBlank()
        && !requested.get().equals(record.lastRequest())) {
      return new Step.Prepare(requested.get());
    }
    if (policy.every().isPresent() && !now.isBefore(record.lastDone().plus(policy.every().get()))) {
      return new Step.Prepare(SCHEDULE);
    }
    return new Step.Idle();
  }
}
