package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.render.rediscluster.RedisClusterNames;
import io.mooring.core.spec.RedisClusterSpec;
import java.util.List;

/**
 * Whether every node a Redis Cluster spec asks for runs and is ready: what is done to the nodes one
 * by one (a certificate reload, ACL users) waits for that, since a starting node reads its
 * certificate and users from its volumes anyway.
 */
final class RedisClusterReadiness {
  private RedisClusterReadiness() {}

  static boolean allReady(RedisClusterSpec spec, List<HasMetadata> live) {
    RedisClusterNames names = new RedisClusterNames(spec.ref(), "");
    for (int shard = 0; shard < spec.masters(); shard++) {
      ObjectKey key = new ObjectKey("StatefulSet", names.namespace(), names.shard(shard));
      boolean ready =
          live.stream()
              .filter(object -> object instanceof StatefulSet && ObjectKey.of(object).equals(key))
              .map(object -> ((StatefulSet) object).getStatus())
              .anyMatch(
                  status ->
                      status != null
                          && status.getReadyReplicas() != null
                          && status.getReadyReplicas() >= spec.nodesPerShard());
      if (!ready) {
        return false;
      }
    }
    return true;
  }
}
