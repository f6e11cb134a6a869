package io.mooring.status;

import io.mooring.core.diff.FieldDrift;
import io.mooring.core.diff.ObjectDiff;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.reconcile.AppResult;
import io.mooring.core.spec.AppRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The newest result of every app and the spec files that cannot be used, as the status API and page
 * show them, each within {@link StatusLimits}. Written by the sync worker, read by HTTP handlers: a
 * concurrent map of immutable views.
 */
public final class AppStatusStore {
  private final Map<AppRef, AppStatusView> apps = new ConcurrentSkipListMap<>();
  private volatile List<FileProblemsView> files = List.of();
  private final Clock clock;

  public AppStatusStore(Clock clock) {
    this.clock = clock;
  }

  public void record(AppResult result, String revision) {
    apps.put(result.app(), view(result, revision));
  }

  /**
   * An app that left git and whose objects are gone (or only retained data is left), or that no
   * file declares any more.
   */
  public void forget(AppRef app) {
    apps.remove(app);
  }

  public List<AppStatusView> all() {
    return List.copyOf(apps.values());
  }

  /** The apps that have a status. */
  public Set<AppRef> apps() {
    return Set.copyOf(apps.keySet());
  }

  /** The app's last status ({@code synced}, {@code invalid} ...), or null when it has none. */
  public String statusOf(AppRef app) {
    AppStatusView view = apps.get(app);
    return view == null ? null : view.status();
  }

  /** Replaces the spec files that cannot be used: each file's problem lines, by path. */
  public void files(Map<String, List<String>> problems) {
    List<FileProblemsView> views = new ArrayList<>();
    problems.forEach(
        (path, lines) ->
            views.add(new FileProblemsView(StatusLimits.text(path), StatusLimits.lines(lines))));
    files = List.copyOf(views);
  }

  public List<FileProblemsView> files() {
    return files;
  }

  private AppStatusView view(AppResult result, String revision) {
    AppRef ref = result.app();
    List<AppStatusView.DriftedObject> drifted = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    String message = "";
    if (result instanceof AppResult.Drifted d) {
      drifted.addAll(pending(d.changes()));
    } else if (result instanceof AppResult.Blocked b) {
      drifted.addAll(pending(b.changes()));
      errors.addAll(b.reasons());
    } else if (result instanceof AppResult.Invalid i) {
      errors.addAll(i.errors());
    } else if (result instanceof AppResult.Failed f) {
      errors.add(f.error());
    } else if (result instanceof AppResult.InternalFailure f) {
      errors.add(f.error());
    } else if (result instanceof AppResult.Waiting w) {
      drifted.addAll(pending(w.deferred().stream().map(ObjectAction.Deferred::change).toList()));
      message = w.message();
    } else if (result instanceof AppResult.Synced s) {
      message = s.changes().isEmpty() ? "in sync" : s.changes().size() + " changes applied";
    }
    return new AppStatusView(
        ref.kind().id(),
        ref.namespace(),
        ref.name(),
        result.status(),
        revision,
        clock.instant(),
        message,
        StatusLimits.drift(drifted),
        StatusLimits.lines(errors));
  }

  /**
   * Pending changes as a person reads them: field paths for updates, whole objects for creates and
   * prunes.
   */
  private static List<AppStatusView.DriftedObject> pending(List<ObjectAction> changes) {
    List<AppStatusView.DriftedObject> objects = new ArrayList<>();
    for (ObjectAction action : changes) {
      ObjectDiff diff =
          action instanceof ObjectAction.Update u
              ? u.diff()
              : action instanceof ObjectAction.Recreate r
                  ? r.diff()
                  : action instanceof ObjectAction.ServerAsset a && !a.diff().inSync()
                      ? a.diff()
                      : null;
      if (diff != null) {
        objects.add(
            new AppStatusView.DriftedObject(
                diff.key().kind(), diff.key().name(), fields(diff.drifts())));
      } else if (action instanceof ObjectAction.Create
          || (action instanceof ObjectAction.ServerAsset a
              && a.verb() == ObjectAction.AssetVerb.CREATE)) {
        objects.add(
            new AppStatusView.DriftedObject(
                action.key().kind(),
                action.key().name(),
                List.of(new AppStatusView.FieldChange("(object)", "present", "missing"))));
      } else if (action instanceof ObjectAction.Prune
          || (action instanceof ObjectAction.ServerAsset a
              && a.verb() == ObjectAction.AssetVerb.DELETE)) {
        objects.add(
            new AppStatusView.DriftedObject(
                action.key().kind(),
                action.key().name(),
                List.of(new AppStatusView.FieldChange("(object)", "absent", "present"))));
      }
    }
    return objects;
  }

  private static List<AppStatusView.FieldChange> fields(List<FieldDrift> drifts) {
    // FieldDrift values are already masked for Secrets by the differ.
    return drifts.stream()
        .map(d -> new AppStatusView.FieldChange(d.path(), d.desired(), d.live()))
        .toList();
  }
}
