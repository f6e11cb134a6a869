package io.mooring.core.redis;

import io.mooring.core.diff.ObjectKey;
import io.mooring.core.render.redis.RedisInternalUser;
import java.util.List;
import java.util.Optional;

/**
 * What one Redis app's password rotation reaches, whatever its topology: a Sentinel group (its
 * Redis pods and Sentinels) or a Redis Cluster (every node of every shard, no Sentinel).
 *
 * @param recordHolder the live object whose annotation records the app password's rotation
 * @param authSecret the app's auth Secret: the app's password and Mooring's own users'
 * @param userSecrets the Secrets of the generated ACL users' passwords, by user name
 * @param redis every Redis server, looked up only when a step needs them
 * @param sentinels every Sentinel; none for a cluster
 * @param masterName the name the Sentinels know the master by; unused without Sentinels
 * @param tls how to reach servers that speak TLS only; empty for plain RESP
 * @param internalUsers Mooring's own users that rotate with the app's password
 */
record RotationTarget(
    ObjectKey recordHolder,
    String authSecret,
    List<UserSecret> userSecrets,
    ServerList redis,
    ServerList sentinels,
    String masterName,
    Optional<RedisTlsClient> tls,
    List<RedisInternalUser> internalUsers) {

  RotationTarget {
    userSecrets = List.copyOf(userSecrets);
    internalUsers = List.copyOf(internalUsers);
  }

  /** A generated ACL user's password Secret. */
  record UserSecret(String user, ObjectKey secret) {}

  /** Servers are looked up only when a step needs them: most syncs take no step. */
  interface ServerList {
    List<RedisAclSync.Server> get();
  }
}
