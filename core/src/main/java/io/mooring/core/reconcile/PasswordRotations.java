package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.redisops.RotationRecord;
import io.mooring.core.spec.PasswordRotation;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * After a Redis or Redis Cluster app's objects are applied, and after its ACL users: its password
 * rotation takes the steps that are due, so that the rotation's commands are the last word on the
 * passwords. Apps with no schedule, no rotate-passwords annotation and no rotation recorded are
 * left alone, so the many apps that never rotate cost no call and no write.
 */
final class PasswordRotations {
  /**
   * @param failure why the rotation stopped, or null
   * @param switched a Secret now names a new current password
   */
  record Outcome(String failure, boolean switched) {
    static final Outcome NOTHING = new Outcome(null, false);
  }

  private final PasswordRotationHook hook;

  PasswordRotations(PasswordRotationHook hook) {
    this.hook = hook;
  }

  Outcome apply(RedisSpec spec, List<HasMetadata> liveBefore) {
    if (!spec.authEnabled()
        || (!asked(spec.passwordRotation(), spec.annotations()) && !recorded(liveBefore))) {
      return Outcome.NOTHING;
    }
    return rotate(keys -> hook.rotate(spec, keys), liveBefore);
  }

  /**
   * As for a Redis app, on every node of every shard. Not held back until every node is ready: a
   * cluster created with the annotation must be remembered in its first sync (which takes no
   * server), or its annotation would ask for a rotation later; a step that needs a node that is not
   * up stops, naming it, and the next sync takes it again.
   */
  Outcome apply(RedisClusterSpec spec, List<HasMetadata> liveBefore) {
    if (!asked(spec.passwordRotation(), spec.annotations()) && !recorded(liveBefore)) {
      return Outcome.NOTHING;
    }
    return rotate(keys -> hook.rotateCluster(spec, keys), liveBefore);
  }

  private static Outcome rotate(Predicate<Set<ObjectKey>> rotation, List<HasMetadata> liveBefore) {
    Set<ObjectKey> keys = liveBefore.stream().map(ObjectKey::of).collect(Collectors.toSet());
    try {
      return new Outcome(null, rotation.test(keys));
    } catch (RuntimeException e) {
      return new Outcome("password rotation: " + e.getMessage(), false);
    }
  }

  /** The spec asks for rotations: on a schedule, or with the annotation. */
  private static boolean asked(PasswordRotation policy, Map<String, String> annotations) {
    return policy.every().isPresent()
        || !annotations.getOrDefault(PasswordRotation.ANNOTATION, "").isBlank();
  }

  private static boolean recorded(List<HasMetadata> live) {
    return live.stream().anyMatch(object -> record(object).isPresent());
  }

  /**
   * True while a rotation is between its first step and the end of its overlap: its next step
   * depends on the clock, so a sync that finds nothing else to do must not be skipped.
   */
  static boolean inFlight(List<HasMetadata> live) {
    return live.stream()
        .map(PasswordRotations::record)
        .flatMap(Optional::stream)
        .anyMatch(record -> record.phase() != RotationRecord.Phase.IDLE);
  }

  private static Optional<RotationRecord> record(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null
        ? Optional.empty()
        : RotationRecord.decode(annotations.get(RotationRecord.ANNOTATION));
  }
}
