package io.mooring.forge;

import io.mooring.status.AppStatusView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a commit's status says once a sync of it finished: success when every app synced (or, in
 * observe mode, only differs), failure naming the apps that failed, were blocked or are invalid,
 * and the spec files that cannot be used. The description fits GitHub's 140 characters, naming as
 * many apps as fit and counting the others.
 */
public final class CommitStatusSummary {
  private static final List<String> FAILING = List.of("failed", "blocked", "invalid");

  private CommitStatusSummary() {}

  public record Summary(CommitState state, String description) {}

  /**
   * The state and description of a commit whose sync left {@code apps} and {@code files} so.
   *
   * @param files spec files that cannot be used and declare no app (an invalid app's file is named
   *     by its app)
   */
  public static Summary of(List<AppStatusView> apps, List<String> files) {
    Map<String, List<String>> failing = new TreeMap<>();
    int synced = 0;
    int drifted = 0;
    for (AppStatusView app : apps) {
      if (FAILING.contains(app.status())) {
        failing.computeIfAbsent(app.status(), s -> new ArrayList<>()).add(name(app));
      } else if ("drifted".equals(app.status())) {
        drifted++;
      } else {
        synced++;
      }
    }
    if (failing.isEmpty() && files.isEmpty()) {
      String text = synced + (synced == 1 ? " app synced" : " apps synced");
      return new Summary(
          CommitState.SUCCESS, drifted == 0 ? text : text + ", " + drifted + " differ (observe)");
    }
    StringBuilder text = new StringBuilder();
    for (String status : FAILING) {
      List<String> names = failing.getOrDefault(status, List.of());
      if (!names.isEmpty()) {
        append(text, status, names);
      }
    }
    if (!files.isEmpty()) {
      append(text, "unusable file", files);
    }
    return new Summary(CommitState.FAILURE, text.toString());
  }

  /** "failed: ns/a, ns/b +3" within what is left of the limit. */
  private static void append(StringBuilder text, String label, List<String> names) {
    if (text.length() > 0) {
      text.append("; ");
    }
    text.append(label).append(": ");
    int shown = 0;
    for (String name : names) {
      String more = " +" + (names.size() - shown);
      String next = (shown == 0 ? "" : ", ") + name;
      // Room is kept for a later group's label and for the count of those not named.
      if (text.length() + next.length() + more.length() > CommitStatus.MAX_DESCRIPTION - 20
          && shown > 0) {
        text.append(more);
        return;
      }
      text.append(next);
      shown++;
    }
  }

  private static String name(AppStatusView app) {
    return app.namespace() + "/" + app.name();
  }
}
