package io.mooring.preview;

import io.mooring.core.source.SpecSet;
import io.mooring.core.spec.AppRef;
import io.mooring.gitsync.ChangedPaths;
import io.mooring.gitsync.PathChange;
import java.util.Set;
import java.util.TreeSet;

/**
 * The apps a pull request touches: those its changed files declare at its head or declared on the
 * synced branch. Apps in files it leaves alone are not previewed, as the sync would not touch them.
 */
public final class PreviewScope {
  private PreviewScope() {}

  /** The changed spec paths, or null when git could not tell (everything is then in scope). */
  public static Set<String> paths(ChangedPaths changes) {
    if (!(changes instanceof ChangedPaths.Files files)) {
      return null;
    }
    Set<String> paths = new TreeSet<>();
    for (PathChange change : files.changes()) {
      if (change.oldPath() != null) {
        paths.add(change.oldPath());
      }
      if (change.newPath() != null) {
        paths.add(change.newPath());
      }
    }
    return paths;
  }

  public static Set<AppRef> apps(SpecSet base, SpecSet head, Set<String> changedPaths) {
    Set<AppRef> apps = new TreeSet<>();
    if (changedPaths == null) {
      apps.addAll(base.allApps());
      apps.addAll(head.allApps());
      return apps;
    }
    for (String path : changedPaths) {
      apps.addAll(base.appsOf(path));
      apps.addAll(head.appsOf(path));
    }
    return apps;
  }
}
