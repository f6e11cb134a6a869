package io.mooring.core.rediscluster;

import io.mooring.core.spec.AppRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Progress kept in memory, as JSON so that it round-trips as the annotation does: for a reconciler
 * without a Kubernetes API, and for tests that stop one orchestration and start another.
 */
public final class InMemoryProgressStore implements ProgressStore {
  private final Map<AppRef, String> records = new ConcurrentHashMap<>();

  @Override
  public ClusterProgress load(AppRef app) {
    return ClusterProgress.fromJson(records.get(app));
  }

  @Override
  public void save(AppRef app, ClusterProgress progress) {
    records.put(app, progress.toJson());
  }
}
