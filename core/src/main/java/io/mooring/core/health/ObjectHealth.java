package io.mooring.core.health;

import io.mooring.core.diff.ObjectKey;

/** The health of one live object, with a short reason a person can act on. */
public record ObjectHealth(ObjectKey key, HealthStatus status, String message) {}
