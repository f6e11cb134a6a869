package io.mooring.core.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.spec.AppLifecycle;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rule 8: what a spec says about its own removal (termination protection, orphaning) travels on its
 * live objects, since the spec that said it is gone by the time the app is removed, and survives
 * any restart of Mooring. {@link DesiredPreparation} stamps it, the planner reads it back.
 */
public final class RemovalPolicy {
  /** On every object of a protected app: its removal from git prunes nothing. */
  public static final String TERMINATION_PROTECTION = "mooring.io/termination-protection";

  /** On every object of an app whose removal leaves its objects running, without Mooring. */
  public static final String ON_REMOVAL = "mooring.io/on-removal";

  public static final String ORPHAN = "orphan";

  /** The default removal, written only over an earlier {@value #ORPHAN}. */
  public static final String DELETE = "delete";

  /** The status of a protected app that left git, and what a person can do about it. */
  public static final String PROTECTED_REASON =
      "Blocked: termination protection: the spec left git while terminationProtection was true, so"
          + " nothing of the app is pruned; commit the spec with terminationProtection: false"
          + " first, then remove it (mooring sync --force and prune allowances do not override"
          + " this)";

  private RemovalPolicy() {}

  /**
   * The annotations that carry {@code lifecycle}'s removal rules onto every object. A rule that is
   * switched off is written as such over a live object that still carries it (the differ compares
   * only what the desired object declares, so a mere absence would never reach the cluster); apps
   * that never had the rule get no annotation at all.
   *
   * @param live the live object's annotations, or null when it has none or does not exist
   */
  static void stamp(
      AppLifecycle lifecycle, Map<String, String> annotations, Map<String, String> live) {
    if (lifecycle.terminationProtection()) {
      annotations.put(TERMINATION_PROTECTION, "true");
    } else if (live != null && live.containsKey(TERMINATION_PROTECTION)) {
      annotations.put(TERMINATION_PROTECTION, "false");
    }
    if (lifecycle.orphanOnRemoval()) {
      annotations.put(ON_REMOVAL, ORPHAN);
    } else if (live != null && live.containsKey(ON_REMOVAL)) {
      annotations.put(ON_REMOVAL, DELETE);
    }
  }

  /**
   * True when any live object says the app is protected: an interrupted apply that turned the
   * protection off leaves the app protected until every object is rewritten.
   */
  public static boolean isProtected(List<HasMetadata> live) {
    return anyAnnotated(live, TERMINATION_PROTECTION, "true");
  }

  /** True when the app's removal drops Mooring's ownership instead of deleting. */
  static boolean orphans(List<HasMetadata> live) {
    return anyAnnotated(live, ON_REMOVAL, ORPHAN);
  }

  private static boolean anyAnnotated(List<HasMetadata> live, String key, String value) {
    return live.stream()
        .map(object -> object.getMetadata().getAnnotations())
        .filter(Objects::nonNull)
        .anyMatch(annotations -> value.equals(annotations.get(key)));
  }
}
