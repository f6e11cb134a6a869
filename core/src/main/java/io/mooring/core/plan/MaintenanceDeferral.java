package io.mooring.core.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.diff.ObjectDiff;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.spec.AppLifecycle.MaintenanceWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rule 9: an app with a maintenance window gets its disruptive changes only while the window is
 * open; everything else is applied at once. Disruptive is what restarts pods: a change of a
 * workload's pod template (image, resources, the config hash of its settings), and with it a change
 * of the app's ConfigMaps, which pods that restart for any other reason before the window would
 * read.
 *
 * <p>A person applies the held-back changes at once with {@code mooring sync --force} or by putting
 * a new value in the spec's {@value #APPLY_NOW} annotation: the value is copied onto the app's
 * workloads when they are written, and a value the live workloads do not carry yet lets the
 * disruptive changes through once.
 */
public final class MaintenanceDeferral {
  /** Spec annotation: any new value applies the changes waiting for the window now. */
  public static final String APPLY_NOW = "mooring.io/apply-now";

  private static final String POD_TEMPLATE = "spec.template";

  /**
   * When a plan is made, for one app.
   *
   * @param window the app's weekly window; empty means every change applies at once
   * @param now the reconciler's clock
   * @param force apply everything now ({@code mooring sync --force})
   */
  public record Timing(Optional<MaintenanceWindow> window, Instant now, boolean force) {
    public static Timing immediate(Instant now) {
      return new Timing(Optional.empty(), now, false);
    }
  }

  private MaintenanceDeferral() {}

  /** The plan with its disruptive changes deferred, unless the window is open or skipped. */
  static List<ObjectAction> defer(
      List<ObjectAction> actions, List<HasMetadata> live, Timing timing) {
    if (timing.window().isEmpty() || timing.force()) {
      return actions;
    }
    MaintenanceWindow window = timing.window().get();
    if (MaintenanceWindows.isOpen(window, timing.now()) || applyNowRequested(actions, live)) {
      return actions;
    }
    boolean restartsPods = actions.stream().anyMatch(MaintenanceDeferral::restartsPods);
    if (!restartsPods) {
      return actions;
    }
    Instant until = MaintenanceWindows.next(window, timing.now());
    List<ObjectAction> result = new ArrayList<>();
    for (ObjectAction action : actions) {
      boolean hold = restartsPods(action) || changesConfigMap(action);
      result.add(hold ? new ObjectAction.Deferred(action, until) : action);
    }
    return result;
  }

  /** An update or recreate of a workload whose pod template changes. */
  public static boolean restartsPods(ObjectAction action) {
    ObjectDiff diff =
        action instanceof ObjectAction.Update update
            ? update.diff()
            : action instanceof ObjectAction.Recreate recreate ? recreate.diff() : null;
    return diff != null
        && isWorkload(diff.key())
        && diff.drifts().stream().anyMatch(drift -> drift.path().startsWith(POD_TEMPLATE));
  }

  private static boolean changesConfigMap(ObjectAction action) {
    return action instanceof ObjectAction.Update update && "ConfigMap".equals(update.key().kind());
  }

  private static boolean isWorkload(ObjectKey key) {
    return List.of("StatefulSet", "Deployment", "DaemonSet").contains(key.kind());
  }

  /** A workload to write carries an apply-now value that its live object does not. */
  private static boolean applyNowRequested(List<ObjectAction> actions, List<HasMetadata> live) {
    Map<ObjectKey, HasMetadata> liveByKey = new HashMap<>();
    live.forEach(object -> liveByKey.put(ObjectKey.of(object), object));
    for (ObjectAction action : actions) {
      HasMetadata desired =
          action instanceof ObjectAction.Update update
              ? update.object()
              : action instanceof ObjectAction.Recreate recreate ? recreate.object() : null;
      if (desired == null || !isWorkload(ObjectKey.of(desired))) {
        continue;
      }
      String wanted = applyNowOf(desired);
      if (wanted != null && !Objects.equals(wanted, applyNowOf(liveByKey.get(action.key())))) {
        return true;
      }
    }
    return false;
  }

  /** Copies the spec's apply-now value onto a workload about to be written. */
  static void stamp(HasMetadata object, String applyNow, Map<String, String> annotations) {
    if (applyNow != null
        && (object instanceof StatefulSet
            || object instanceof Deployment
            || object instanceof DaemonSet)) {
      annotations.put(APPLY_NOW, applyNow);
    }
  }

  private static String applyNowOf(HasMetadata object) {
    Map<String, String> annotations = object == null ? null : object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(APPLY_NOW);
  }
}
