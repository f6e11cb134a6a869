package io.mooring.bench;

import java.util.ArrayList;
import java.util.List;

/** The benchmark's output: one Markdown table, in the order the figures were measured. */
public final class ResultTable {
  private final List<Row> rows = new ArrayList<>();

  public synchronized void add(Row row) {
    rows.add(row);
    System.err.printf(
        "[bench] %s N=%d: %s (%s)%n", row.scenario(), row.apps(), row.figure(), row.verdict());
  }

  public synchronized List<Row> rows() {
    return List.copyOf(rows);
  }

  public synchronized boolean enforcedGoalsHold() {
    return rows.stream().noneMatch(Row::failedEnforced);
  }

  public synchronized String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| scenario | N | figure | goal | result |\n");
    out.append("|---|---:|---|---|---|\n");
    for (Row row : rows) {
      out.append("| ")
          .append(row.scenario())
          .append(" | ")
          .append(row.apps() == 0 ? "-" : String.format(java.util.Locale.ROOT, "%,d", row.apps()))
          .append(" | ")
          .append(row.figure().replace("|", "\\|"))
          .append(" | ")
          .append(row.goal().isEmpty() ? "-" : row.goal())
          .append(" | ")
          .append(row.enforced() ? row.verdict() + " (exact)" : row.verdict())
          .append(" |\n");
    }
    return out.toString();
  }
}
