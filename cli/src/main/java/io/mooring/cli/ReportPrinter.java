package io.mooring.cli;

import io.mooring.core.reconcile.AppResult;
import io.mooring.core.reconcile.ReconcileReport;
import io.mooring.core.reconcile.ReportFormatter;
import java.io.PrintWriter;

/**
 * Prints a diff or sync report: per app its objects (see {@link ReportFormatter}), then one summary
 * line.
 */
final class ReportPrinter {
  private ReportPrinter() {}

  /**
   * @param applied true for a sync (changes were made), false for a diff (changes are pending)
   */
  static void print(PrintWriter out, ReconcileReport report, boolean applied) {
    out.print(ReportFormatter.format(report));
    out.println(summary(report, applied));
    out.flush();
  }

  /** e.g. {@code diff: 11 apps, 2 with changes; 14 to create, 1 to update, 0 to prune}. */
  static String summary(ReconcileReport report, boolean applied) {
    long changing = report.results().stream().filter(result -> !result.changes().isEmpty()).count();
    StringBuilder line =
        new StringBuilder(applied ? "sync: " : "diff: ")
            .append(count(report.results().size(), "app"))
            .append(", ")
            .append(changing)
            .append(" with changes; ")
            .append(report.creates().size())
            .append(applied ? " created, " : " to create, ")
            .append(report.updates().size())
            .append(applied ? " updated, " : " to update, ")
            .append(report.prunes().size())
            .append(applied ? " pruned" : " to prune");
    for (String status : new String[] {"waiting", "invalid", "failed", "blocked"}) {
      long n = report.results().stream().map(AppResult::status).filter(status::equals).count();
      if (n > 0) {
        line.append("; ").append(n).append(' ').append(status);
      }
    }
    return line.toString();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
