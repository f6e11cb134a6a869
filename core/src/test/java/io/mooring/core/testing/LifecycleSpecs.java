package io.mooring.core.testing;

import io.mooring.core.spec.AppLifecycle;
import io.mooring.core.spec.ComputeResources;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.RedisTuning;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.Optional;

/** Redis specs with a lifecycle, as a dialect that has one (Aiven's) maps them. */
public final class LifecycleSpecs {
  /** Fridays 23:00 to 24:00 UTC, the window of the Aiven usage example. */
  public static final AppLifecycle.MaintenanceWindow FRIDAY_23 =
      new AppLifecycle.MaintenanceWindow(
          DayOfWeek.FRIDAY, LocalTime.of(23, 0), Duration.ofHours(1));

  private LifecycleSpecs() {}

  public static RedisSpec with(RedisSpec spec, AppLifecycle lifecycle) {
    return new RedisSpec(
        spec.ref(),
        spec.source(),
        spec.annotations(),
        spec.replicas(),
        spec.resources(),
        spec.size(),
        spec.storageClass(),
        spec.external(),
        spec.authEnabled(),
        lifecycle,
        spec.engine(),
        spec.persistence(),
        spec.dataSource());
  }

  public static RedisSpec with(RedisSpec spec, ComputeResources resources) {
    return new RedisSpec(
        spec.ref(),
        spec.source(),
        spec.annotations(),
        spec.replicas(),
        resources,
        spec.size(),
        spec.storageClass(),
        spec.external(),
        spec.authEnabled(),
        spec.lifecycle(),
        spec.engine(),
        spec.persistence(),
        spec.dataSource());
  }

  public static RedisSpec with(RedisSpec spec, Map<String, String> annotations) {
    return new RedisSpec(
        spec.ref(),
        spec.source(),
        annotations,
        spec.replicas(),
        spec.resources(),
        spec.size(),
        spec.storageClass(),
        spec.external(),
        spec.authEnabled(),
        spec.lifecycle(),
        spec.engine(),
        spec.persistence(),
        spec.dataSource());
  }

  /** {@code spec} with the redis.conf directives a dialect's userConfig would set. */
  public static RedisSpec with(RedisSpec spec, RedisTuning tuning) {
    return new RedisSpec(
        spec.ref(),
        spec.source(),
        spec.annotations(),
        spec.replicas(),
        spec.resources(),
        spec.size(),
        spec.storageClass(),
        spec.external(),
        spec.authEnabled(),
        spec.lifecycle(),
        spec.engine(),
        spec.persistence(),
        spec.dataSource(),
        spec.tls(),
        spec.aclUsers(),
        spec.passwordRotation(),
        tuning,
        spec.connectionSecret(),
        spec.network(),
        spec.extraMetadata(),
        spec.protection());
  }

  public static AppLifecycle protectedApp() {
    return new AppLifecycle(true, false, Optional.empty());
  }

  public static AppLifecycle orphaned() {
    return new AppLifecycle(false, true, Optional.empty());
  }

  public static AppLifecycle window(AppLifecycle.MaintenanceWindow window) {
    return new AppLifecycle(false, false, Optional.of(window));
  }
}
