package io.mooring.bench;

/**
 * One line of the result table. {@code verdict} is PASS/FAIL for a figure with a goal and "-" for
 * one reported only; {@code enforced} marks the exact-count goals that fail the run.
 */
public record Row(
    String scenario, int apps, String figure, String goal, String verdict, boolean enforced) {

  public static Row info(String scenario, int apps, String figure) {
    return new Row(scenario, apps, figure, "", "-", false);
  }

  public static Row goal(String scenario, int apps, String figure, String goal, boolean met) {
    return new Row(scenario, apps, figure, goal, met ? "PASS" : "FAIL", false);
  }

  /** An exact count: noise-free, so a miss is a bug and fails the run. */
  public static Row exact(String scenario, int apps, String figure, String goal, boolean met) {
    return new Row(scenario, apps, figure, goal, met ? "PASS" : "FAIL", true);
  }

  public boolean failedEnforced() {
    return enforced && "FAIL".equals(verdict);
  }
}
