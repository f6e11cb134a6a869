package io.mooring.core.spec;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;

/**
 * What an app's spec says about its own life beyond its objects: whether it may be pruned, what
 * pruning does to what runs, and when disruptive changes may happen. Dialects without such fields
 * map to {@link #NONE}.
 *
 * @param terminationProtection removing the app from git leaves everything running and blocks it
 *     until a commit turns protection off first
 * @param orphanOnRemoval removing the app from git drops Mooring's ownership and leaves the objects
 * @param maintenanceWindow when disruptive changes (pod restarts, image changes) may be applied;
 *     empty means at once
 */
public record AppLifecycle(
    boolean terminationProtection,
    boolean orphanOnRemoval,
    Optional<MaintenanceWindow> maintenanceWindow) {

  public static final AppLifecycle NONE = new AppLifecycle(false, false, Optional.empty());

  /** A weekly window in UTC. */
  public record MaintenanceWindow(DayOfWeek day, LocalTime start, Duration length) {}
}
