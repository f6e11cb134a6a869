package io.mooring.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultTableTest {
  @Test
  void onlyAFailedExactCountFailsTheRun() {
    ResultTable table = new ResultTable();
    table.add(Row.goal("2 push -> applied", 100, "p99 400 ms", "<= 300 ms", false));
    table.add(Row.exact("3 no-op resync", 100, "API writes 0", "0", true));
    assertThat(table.enforcedGoalsHold()).isTrue();

    table.add(Row.exact("3 no-op resync", 1000, "API writes 3", "0", false));
    assertThat(table.enforcedGoalsHold()).isFalse();
  }

  @Test
  void rendersOneMarkdownRowPerFigure() {
    ResultTable table = new ResultTable();
    table.add(Row.exact("3 no-op resync", 1000, "API writes 0", "0", true));
    table.add(Row.info("7 micro (JMH)", 0, "a|b 10 ops/s"));
    assertThat(table.markdown().lines())
        .containsSubsequence(
            "| 3 no-op resync | 1,000 | API writes 0 | 0 | PASS (exact) |",
            "| 7 micro (JMH) | - | a\\|b 10 ops/s | - | - |");
  }
}
