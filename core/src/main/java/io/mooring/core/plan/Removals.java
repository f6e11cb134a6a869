package io.mooring.core.plan;

import java.util.List;

/**
 * The plans of the apps one sync removes, weighed together by the prune guards: the guards need
 * only which apps go and their live objects, never a rendered desired state, so a revision of
 * thousands of apps is guarded before its first app is rendered.
 *
 * @param plans one plan per removed app, held back or not
 * @param override set when an allowance let prunes through that the guards would have held back
 */
public record Removals(List<AppPlan> plans, GuardOverride override) {
  public Removals {
    plans = List.copyOf(plans);
  }
}
