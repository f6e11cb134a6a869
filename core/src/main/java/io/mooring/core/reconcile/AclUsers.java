package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.render.redis.RedisNames;
import io.mooring.core.render.redis.RedisUserSecret;
import io.mooring.core.spec.RedisSpec;
import java.util.List;

/**
 * After a Redis app's objects are applied: its servers' ACL users are brought to the spec. Apps
 * that have no users and had none (no users file in their live ConfigMap) are left alone, so the
 * many apps without users cost no call to their servers.
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

  private static boolean hadUsers(RedisSpec spec, List<HasMetadata> live) {
    String config = new RedisNames(spec.ref(), "").redisConfig();
    return live.stream()
        .anyMatch(
            object ->
                object instanceof ConfigMap map
                    && map.getMetadata().getName().equals(config)
                    && map.getData() != null
                    && map.getData().containsKey(RedisUserSecret.USERS_FILE));
  }
}
