package io.mooring.core.rediscluster;

import io.mooring.core.spec.AppRef;

/** Told what an orchestration saw and did: metrics, status, and the checks of the tests. */
public interface ClusterListener {
  ClusterListener NONE = new ClusterListener() {};

  /** After each read of every pod, before the next step is chosen. */
  default void observed(AppRef app, LiveCluster live) {}

  /** After a step was carried out. */
  default void stepDone(AppRef app, ClusterStep step) {}
}
