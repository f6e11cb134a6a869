package io.mooring.core.plan;

import java.util.List;

/** The plan of one sync: one {@link AppPlan} per app that is present, removed or invalid. */
public record Plan(List<AppPlan> apps) {

  public Plan {
    apps = List.copyOf(apps);
  }

  public boolean inSync() {
    return apps.stream().allMatch(AppPlan::inSync);
  }
}
