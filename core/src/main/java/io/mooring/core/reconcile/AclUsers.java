package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.render.redis.RedisNames;
import io.mooring.core.render.redis.RedisUserSecret;
import io.mooring.core.render.rediscluster.RedisClusterNames;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisSpec;
import java.util.List;

/**
 * After a Redis or Redis Cluster app's objects are applied: its servers' ACL users are brought to
 * the spec. Apps that have no users and had none (no users file in their live ConfigMap) are left
 * alone, so the many apps without users cost no call to their servers.
 */
final class AclUsers {
  private final AclUsersHook hook;

  AclUsers(AclUsersHook hook) {
    this.hook = hook;
  }

  /** Null when nothing was to be done or it was done, else why the servers did not take it. */
  String apply(RedisSpec spec, List<HasMetadata> liveBefore) {
    if (spec.aclUsers().isEmpty() && !hadUsers(spec, liveBefore)) {
      return null;
    }
    try {
      hook.apply(spec);
      return null;
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  /**
   * As for a Redis app, on every node of a Redis Cluster app once all of them are ready (see {@link
   * RedisClusterReadiness}).
   */
  String apply(RedisClusterSpec spec, List<HasMetadata> liveBefore) {
    if ((spec.aclUsers().isEmpty()
            && !hadUsers(new RedisClusterNames(spec.ref(), "").config(), liveBefore))
        || !RedisClusterReadiness.allReady(spec, liveBefore)) {
      return null;
    }
    try {
      hook.applyCluster(spec);
      return null;
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  private static boolean hadUsers(RedisSpec spec, List<HasMetadata> live) {
    return hadUsers(new RedisNames(spec.ref(), "").redisConfig(), live);
  }

  private static boolean hadUsers(String config, List<HasMetadata> live) {
    return live.stream()
        .anyMatch(
            object ->
                object instanceof ConfigMap map
                    && map.getMetadata().getName().equals(config)
                    && map.getData() != null
                    && map.getData().containsKey(RedisUserSecret.USERS_FILE));
  }
}
