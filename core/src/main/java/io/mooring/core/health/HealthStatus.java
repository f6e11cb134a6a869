package io.mooring.core.health;

/** Ordered from best to worst, so that an app's health is the worst of its objects'. */
public enum HealthStatus {
  HEALTHY,
  PROGRESSING,
  DEGRADED;

  public HealthStatus worse(HealthStatus other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
