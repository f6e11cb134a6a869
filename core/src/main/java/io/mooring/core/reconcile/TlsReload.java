package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.plan.MaintenanceDeferral;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.render.redis.RedisNames;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisSpec;
import java.util.List;

/**
 * After a sync of a Redis or Redis Cluster app with TLS: its running servers are brought to the
 * certificate of its Secret by the {@link TlsReloadHook}. Checked on every sync, not only the one
 * that renewed the Secret, because the pods' volumes take up to a couple of minutes to follow it.
 * Skipped while the pods restart or are not all ready: a starting server reads the files as they
 * are.
 */
final class TlsReload {
  private final TlsReloadHook hook;

  TlsReload(TlsReloadHook hook) {
    this.hook = hook;
  }

  /** Null when nothing was to be done or it was done, else why a server did not take it. */
  String apply(RedisSpec spec, List<ObjectAction> applied, List<HasMetadata> live) {
    if (!spec.tls().enabled()
        || applied.stream().anyMatch(MaintenanceDeferral::restartsPods)
        || !allReady(spec, live)) {
      return null;
    }
    try {
      hook.reload(spec.ref(), spec.replicas());
      return null;
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  /** As for a Redis app, on every node of every shard of a Redis Cluster app. */
  String apply(RedisClusterSpec spec, List<ObjectAction> applied, List<HasMetadata> live) {
    if (!spec.tls().enabled()
        || applied.stream().anyMatch(MaintenanceDeferral::restartsPods)
        || !RedisClusterReadiness.allReady(spec, live)) {
      return null;
    }
    try {
      hook.reloadCluster(spec.ref(), spec.masters(), spec.nodesPerShard());
      return null;
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  private static boolean allReady(RedisSpec spec, List<HasMetadata> live) {
    ObjectKey key =
        new ObjectKey(
            "StatefulSet", spec.ref().namespace(), new RedisNames(spec.ref(), "").redis());
    return live.stream()
        .filter(object -> object instanceof StatefulSet && ObjectKey.of(object).equals(key))
        .map(object -> ((StatefulSet) object).getStatus())
        .anyMatch(
            status ->
                status != null
                    && status.getReadyReplicas() != null
                    && status.getReadyReplicas() >= spec.replicas());
  }
}
