package io.mooring.core.plan;

import io.mooring.core.spec.AppRef;
import java.util.List;

/**
 * The actions for one app: applies in {@code ApplyOrder}, then prunes in reverse order.
 *
 * @param state why the app is in this sync
 * @param heldReason set when the mass-prune or zero-specs guard held this app's prune back
 */
public record AppPlan(AppRef app, State state, List<ObjectAction> actions, String heldReason) {

  public enum State {
    /** A valid spec exists in git. */
    PRESENT,
    /** The spec left git; its objects are pruned or retained. */
    REMOVED,
    /** The spec exists but is invalid: every live object is left untouched. */
    INVALID
  }

  public AppPlan {
    actions = List.copyOf(actions);
  }

  public List<ObjectAction.Blocked> blocked() {
    return actions.stream()
        .filter(ObjectAction.Blocked.class::isInstance)
        .map(ObjectAction.Blocked.class::cast)
        .toList();
  }

  /** Nothing will be written for a blocked app, so that a change is never carried out halfway. */
  public boolean isBlocked() {
    return heldReason != null || !blocked().isEmpty();
  }

  /** Disruptive changes held back until the app's maintenance window. */
  public List<ObjectAction.Deferred> deferred() {
    return actions.stream()
        .filter(ObjectAction.Deferred.class::isInstance)
        .map(ObjectAction.Deferred.class::cast)
        .toList();
  }

  public List<ObjectAction> writes() {
    return actions.stream().filter(ObjectAction::writes).toList();
  }

  public boolean inSync() {
    return writes().isEmpty() && !isBlocked() && deferred().isEmpty();
  }
}
