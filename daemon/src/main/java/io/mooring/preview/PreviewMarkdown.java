package io.mooring.preview;

import java.util.List;

/**
 * The preview comment: a hidden marker that finds it again, a summary line, then one table per app
 * the pull request changes (objects to create, update, prune and keep, and the risks). Bounded so
 * that it stays far below the hosts' comment limits (GitHub's is 65,536 characters).
 */
public final class PreviewMarkdown {
  static final int MAX_APPS = 40;
  static final int MAX_CHARS = 60_000;
  private static final int MAX_NAMES = 20;

  private PreviewMarkdown() {}

  /** The marker of this cluster's preview: one comment per pull request and cluster. */
  public static String marker(String cluster) {
    return "<!-- mooring-preview cluster=" + cluster.replace("--", "- -") + " -->";
  }

  public static String of(PreviewReport report, String cluster) {
    StringBuilder text = new StringBuilder(marker(cluster)).append('\n');
    text.append("### Mooring preview for `")
        .append(cell(cluster))
        .append("` at ")
        .append(report.headSha(), 0, Math.min(12, report.headSha().length()))
        .append("\n\n");
    if (report.error() != null) {
      text.append("The head could not be previewed: ").append(cell(report.error())).append('\n');
      return text.toString();
    }
    List<AppPreview> changed =
        report.apps().stream().filter(app -> !"no change".equals(app.outcome())).toList();
    text.append(report.apps().size())
        .append(report.apps().size() == 1 ? " app" : " apps")
        .append(" touched by this change, ")
        .append(changed.size())
        .append(" would change the cluster")
        .append(report.invalid() ? "; **some specs are invalid**" : "")
        .append(". Nothing is applied before the merge.\n");
    for (String file : report.fileProblems()) {
      text.append("\n- :x: ").append(cell(file));
    }
    if (!report.fileProblems().isEmpty()) {
      text.append('\n');
    }
    int shown = 0;
    for (AppPreview app : changed) {
      if (shown == MAX_APPS || text.length() > MAX_CHARS) {
        text.append("\n… and ").append(changed.size() - shown).append(" more apps.\n");
        break;
      }
      appendApp(text, app);
      shown++;
    }
    return text.toString();
  }

  private static void appendApp(StringBuilder text, AppPreview app) {
    text.append("\n#### ")
        .append(cell(app.app()))
        .append(" — ")
        .append(app.outcome())
        .append("\n\n");
    text.append("| | objects |\n|---|---|\n");
    row(text, "create", app.create());
    row(text, "update", app.update());
    row(text, "prune", app.prune());
    row(text, "retain", app.retain());
    row(text, ":warning: risks", app.risks());
    row(text, ":x: errors", app.errors());
  }

  private static void row(StringBuilder text, String label, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    text.append("| ").append(label).append(" (").append(items.size()).append(") | ");
    for (int i = 0; i < Math.min(items.size(), MAX_NAMES); i++) {
      text.append(i == 0 ? "" : "<br>").append(cell(items.get(i)));
    }
    if (items.size() > MAX_NAMES) {
      text.append("<br>… ").append(items.size() - MAX_NAMES).append(" more");
    }
    text.append(" |\n");
  }

  /** Text inside a table cell: no pipes, no line breaks, no HTML a reader did not write. */
  static String cell(String value) {
    String text = value.replace("\\", "\\\\").replace("|", "\\|").replaceAll("[\\r\\n]+", " ");
    text = text.replace("<", "&lt;").replace(">", "&gt;");
    return text.length() > 500 ? text.substring(0, 500) + "…" : text;
  }
}
