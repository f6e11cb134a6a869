package io.mooring.core.rediscluster;

import io.mooring.core.spec.AppRef;

/** Where the progress of a Redis Cluster app's change is kept between runs of Mooring. */
public interface ProgressStore {
  /** The last record, or {@link ClusterProgress#NONE}. */
  ClusterProgress load(AppRef app);

  void save(AppRef app, ClusterProgress progress);
}
