package io.mooring.core.reconcile;

import io.mooring.core.diff.ObjectDiff;
import io.mooring.core.health.HealthStatus;
import io.mooring.core.health.ObjectHealth;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.spec.AppRef;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The outcome of reconciling one app. */
public sealed interface AppResult {

  AppRef app();

  /**
   * The actions that change the cluster: carried out for {@link Synced} and {@link Failed}, pending
   * for {@link Drifted} and {@link Blocked}.
   */
  List<ObjectAction> changes();

  /**
   * Bounded label value: synced, drifted, waiting, invalid, failed, blocked. An {@link
   * InternalFailure} is "failed": the app is not reconciled, and the user's spec is not to blame.
   */
  default String status() {
    return getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  /** Field-level differences among the changes (updates and recreates). */
  default List<ObjectDiff> diffs() {
    return changes().stream()
        .<ObjectDiff>mapMulti(
            (action, out) -> {
              if (action instanceof ObjectAction.Update update) {
                out.accept(update.diff());
              } else if (action instanceof ObjectAction.Recreate recreate) {
                out.accept(recreate.diff());
              } else if (action instanceof ObjectAction.ServerAsset asset
                  && !asset.diff().inSync()) {
                out.accept(asset.diff());
              }
            })
        .toList();
  }

  /** The cluster matches git (after {@code changes} were applied, if any). */
  record Synced(
      AppRef app, List<ObjectAction> changes, HealthStatus health, List<ObjectHealth> objects)
      implements AppResult {
    public Synced {
      changes = List.copyOf(changes);
      objects = List.copyOf(objects);
    }
  }

  /**
   * Disruptive changes wait for the app's maintenance window; the others were carried out (or, in
   * observe mode, there were none).
   *
   * @param changes the changes carried out
   * @param deferred the changes that wait
   * @param window when the window opens
   */
  record Waiting(
      AppRef app,
      List<ObjectAction> changes,
      List<ObjectAction.Deferred> deferred,
      Instant window,
      HealthStatus health)
      implements AppResult {
    public Waiting {
      changes = List.copyOf(changes);
      deferred = List.copyOf(deferred);
    }

    /** What the status, the report and the log say. */
    public String message() {
      return "Waiting for maintenance window " + window + " (" + deferred.size() + " changes)";
    }
  }

  /** The cluster differs from git and nothing was written (observe mode). */
  record Drifted(AppRef app, List<ObjectAction> changes) implements AppResult {
    public Drifted {
      changes = List.copyOf(changes);
    }
  }

  /** The spec is invalid; the app's live objects were left untouched. */
  record Invalid(AppRef app, List<String> errors) implements AppResult {
    public Invalid {
      errors = List.copyOf(errors);
    }

    @Override
    public List<ObjectAction> changes() {
      return List.of();
    }
  }

  /** An API call failed after retries; {@code changes} are those carried out before it. */
  record Failed(AppRef app, String error, List<ObjectAction> changes) implements AppResult {
    public Failed {
      changes = List.copyOf(changes);
    }
  }

  /**
   * Mooring itself failed (a bug, e.g. a NullPointerException in a renderer) before it read the
   * cluster; the app's live objects were left untouched. Not the spec's fault, so never {@link
   * Invalid}.
   *
   * @param stage where it failed, a fixed word such as {@value #RENDER}
   * @param error what to show the user: that it is an internal error, and the exception's type
   */
  record InternalFailure(AppRef app, String stage, String error) implements AppResult {
    public static final String RENDER = "render";
    public static final String RECONCILE = "reconcile";

    @Override
    public List<ObjectAction> changes() {
      return List.of();
    }

    @Override
    public String status() {
      return "failed";
    }
  }

  /**
   * A safety rule refused part of the change. Nothing of the app's Kubernetes objects was written;
   * the JetStream assets the rule did not touch may have been.
   *
   * @param pruneHeld true when the mass-prune or zero-specs guard held the app's prune back
   */
  record Blocked(AppRef app, List<String> reasons, List<ObjectAction> changes, boolean pruneHeld)
      implements AppResult {
    public Blocked {
      reasons = List.copyOf(reasons);
      changes = List.copyOf(changes);
    }
  }
}
