package io.mooring.http;

import io.mooring.status.AppStatusView;
import io.mooring.status.AppStatusView.DriftedObject;
import io.mooring.status.AppStatusView.FieldChange;
import io.mooring.status.FileProblemsView;
import io.mooring.status.PruneOverrideLog;
import io.mooring.status.SyncProgress;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The status page at {@code /}: plain server-rendered HTML with inline CSS, no scripts and no
 * external assets, so it works in a locked-down browser and from {@code curl}. It shows the spec
 * files that cannot be used, then the apps of one {@link StatusWindow}, with links to the parts
 * before and after.
 */
public final class StatusPage {
  private StatusPage() {}

  static String render(
      List<AppStatusView> apps,
      List<FileProblemsView> files,
      DaemonSummary summary,
      StatusWindow window) {
    StringBuilder html = new StringBuilder(4096);
    html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"10\">")
        .append("<title>Mooring status</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2430}")
        .append("table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}")
        .append(
            "th,td{border-bottom:1px solid #d9dee7;padding:.35rem .6rem;text-align:left;vertical-align:top}")
        .append("th{background:#f1f4f8}code{font-size:.9em}")
        .append(
            ".synced{color:#17803d}.drifted,.waiting{color:#b45309}.invalid,.failed,.blocked{color:#b91c1c}")
        .append(".pending{color:#6b7280}.summary span{margin-right:1.5rem}")
        .append("td code{overflow-wrap:anywhere}")
        .append("</style></head><body>");
    html.append("<h1>Mooring</h1><p class=\"summary\">")
        .append("<span>Repository: <code>")
        .append(Html.escape(summary.repository()))
        .append("</code></span>")
        .append("<span>Branch: <code>")
        .append(Html.escape(summary.branch()))
        .append("</code></span>")
        .append("<span>Revision: <code>")
        .append(Html.escape(summary.revision()))
        .append("</code></span>")
        .append("<span>Mode: ")
        .append(Html.escape(summary.mode()))
        .append("</span>")
        .append("<span>Leader: ")
        .append(summary.leader() ? "yes" : "no")
        .append("</span></p>");
    progressAndOverrides(html, summary);
    apiAnswers(html, summary.apiAnswers());
    if (summary.gitError() != null) {
      html.append("<p class=\"failed\">Git: ")
          .append(Html.escape(summary.gitError()))
          .append("</p>");
    }
    Map<String, Long> byStatus =
        apps.stream()
            .collect(
                Collectors.groupingBy(AppStatusView::status, TreeMap::new, Collectors.counting()));
    html.append("<p>").append(apps.size()).append(" apps");
    byStatus.forEach(
        (status, count) ->
            html.append(" · <span class=\"")
                .append(Html.escape(status))
                .append("\">")
                .append(count)
                .append(' ')
                .append(Html.escape(status))
                .append("</span>"));
    html.append("</p>");
    files(html, files);
    html.append(
            "<table id=\"apps\"><thead><tr><th>Kind</th><th>Namespace</th><th>App</th><th>Status</th>")
        .append("<th>Revision</th><th>Last sync</th><th>Details</th></tr></thead><tbody>");
    int end = window.offset();
    while (end < apps.size() && window.roomFor(end - window.offset(), html.length())) {
      AppStatusView app = apps.get(end++);
      html.append("<tr id=\"app-")
          .append(Html.escape(app.key().replace('/', '-')))
          .append("\">")
          .append("<td>")
          .append(Html.escape(app.kind()))
          .append("</td>")
          .append("<td>")
          .append(Html.escape(app.namespace()))
          .append("</td>")
          .append("<td>")
          .append(Html.escape(app.name()))
          .append("</td>")
          .append("<td class=\"")
          .append(Html.escape(app.status()))
          .append("\">")
          .append(Html.escape(app.status()))
          .append("</td>")
          .append("<td><code>")
          .append(Html.escape(shortRevision(app.revision())))
          .append("</code></td>")
          .append("<td>")
          .append(
              Html.escape(
                  app.lastSyncTime() == null
                      ? ""
                      : app.lastSyncTime().truncatedTo(ChronoUnit.SECONDS)))
          .append("</td><td>");
      details(html, app);
      html.append("</td></tr>");
    }
    html.append("</tbody></table>");
    pages(html, window, end, apps.size());
    html.append("</body></html>");
    return html.toString();
  }

  /**
   * The API's answers by status; throttling, conflicts and server errors stand out, because they
   * explain an app that is slow to converge before its own error does.
   */
  private static void apiAnswers(StringBuilder html, Map<String, Long> answers) {
    if (answers.isEmpty()) {
      return;
    }
    html.append("<p id=\"api\">Kubernetes API answers since start:");
    new TreeMap<>(answers)
        .forEach(
            (code, count) ->
                html.append(" <span")
                    .append(code.startsWith("2") ? "" : " class=\"failed\"")
                    .append('>')
                    .append(Html.escape(code))
                    .append(" × ")
                    .append(count)
                    .append("</span>"));
    html.append("</p>");
  }

  private static void files(StringBuilder html, List<FileProblemsView> files) {
    if (files.isEmpty()) {
      return;
    }
    html.append("<h2>Spec files with errors</h2>")
        .append("<p>Mooring cannot use these files; until they read cleanly, no app is pruned.</p>")
        .append("<table id=\"files\"><thead><tr><th>File</th><th>Problems</th></tr></thead>")
        .append("<tbody>");
    for (FileProblemsView file : StatusWindow.files(files)) {
      html.append("<tr><td><code>").append(Html.escape(file.path())).append("</code></td><td>");
      for (String problem : file.problems()) {
        html.append("<div class=\"failed\">").append(Html.escape(problem)).append("</div>");
      }
      html.append("</td></tr>");
    }
    html.append("</tbody></table>");
  }

  private static void pages(StringBuilder html, StatusWindow window, int end, int total) {
    if (window.offset() == 0 && end >= total) {
      return;
    }
    html.append("<p class=\"pages\">");
    if (end > window.offset()) {
      html.append("Apps ").append(window.offset() + 1).append("–").append(end);
    } else {
      html.append("No apps from ").append(window.offset() + 1);
    }
    html.append(" of ").append(total);
    String previous = window.previous();
    if (previous != null) {
      html.append(" · <a href=\"").append(Html.escape(previous)).append("\">previous</a>");
    }
    String next = window.next(end, total);
    if (next != null) {
      html.append(" · <a href=\"").append(Html.escape(next)).append("\">next</a>");
    }
    html.append("</p>");
  }

  private static void details(StringBuilder html, AppStatusView app) {
    if (app.message() != null && !app.message().isEmpty()) {
      html.append("<div>").append(Html.escape(app.message())).append("</div>");
    }
    for (String error : app.errors()) {
      html.append("<div class=\"failed\">").append(Html.escape(error)).append("</div>");
    }
    for (DriftedObject object : app.drifted()) {
      html.append("<div><strong>")
          .append(Html.escape(object.kind()))
          .append(' ')
          .append(Html.escape(object.name()))
          .append("</strong><ul>");
      for (FieldChange field : object.fields()) {
        html.append("<li><code>")
            .append(Html.escape(field.path()))
            .append("</code>: git <code>")
            .append(Html.escape(field.desired()))
            .append("</code>, cluster <code>")
            .append(Html.escape(field.live()))
            .append("</code></li>");
      }
      html.append("</ul></div>");
    }
  }

  /** A long sync's progress, and who let prunes past the guards: both change what runs. */
  private static void progressAndOverrides(StringBuilder html, DaemonSummary summary) {
    SyncProgress.View sync = summary.sync();
    if (sync != null) {
      html.append("<p class=\"pending\" id=\"sync\">Syncing <code>")
          .append(Html.escape(shortRevision(sync.revision())))
          .append("</code> (")
          .append(Html.escape(sync.trigger()))
          .append("): ")
          .append(sync.done())
          .append(" of ")
          .append(sync.total())
          .append(" apps done</p>");
    }
    for (PruneOverrideLog.Entry entry : summary.pruneOverrides()) {
      html.append("<p class=\"blocked\">Prune guard overridden at <code>")
          .append(Html.escape(shortRevision(entry.revision())))
          .append("</code> (")
          .append(Html.escape(entry.at().truncatedTo(ChronoUnit.SECONDS)))
          .append("): ")
          .append(entry.appCount())
          .append(" apps pruned (")
          .append(Html.escape(String.join(", ", entry.apps())))
          .append(entry.appCount() > entry.apps().size() ? ", ..." : "")
          .append("), allowed by ")
          .append(Html.escape(entry.allowedBy()))
          .append("; the guard said: ")
          .append(Html.escape(entry.guard()))
          .append("</p>");
    }
  }

  private static String shortRevision(String revision) {
    return revision == null ? "" : revision.length() > 12 ? revision.substring(0, 12) : revision;
  }

  /**
   * The daemon-wide facts shown above the table.
   *
   * @param revision the commit the cluster was last fully reconciled with
   * @param sync the sync under way, null when none runs
   * @param pruneOverrides the last prunes let past the prune guards, newest first
   */
  public record DaemonSummary(
      String repository,
      String branch,
      String revision,
      String mode,
      boolean leader,
      String gitError,
      SyncProgress.View sync,
      List<PruneOverrideLog.Entry> pruneOverrides,
      Map<String, Long> apiAnswers) {
    /**
     * @param apiAnswers the Kubernetes API's answers to this replica since it started, by HTTP
     *     status ({@code none} for a connection that could not be made)
     */
    public DaemonSummary {
      pruneOverrides = pruneOverrides == null ? List.of() : List.copyOf(pruneOverrides);
      apiAnswers = apiAnswers == null ? Map.of() : Map.copyOf(new TreeMap<>(apiAnswers));
    }
  }
}
