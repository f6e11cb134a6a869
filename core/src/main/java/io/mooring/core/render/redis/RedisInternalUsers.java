package io.mooring.core.render.redis;

import java.util.List;
import java.util.Optional;

/**
 * The Redis users Mooring's own work logs in as, each allowed what its job needs and nothing more,
 * so that the app's password (the default user's, which applications hold and rotate) is never what
 * replication, Sentinel, monitoring or Mooring's orchestration depend on. Their passwords are
 * generated into the app's auth Secret under keys of their own and kept as the app's password is.
 */
public final class RedisInternalUsers {
  /** Replicas log in to their master with it ({@code masteruser}). */
  public static final RedisInternalUser REPLICATION =
      new RedisInternalUser(
          "mooring-replication",
          "+psync +replconf +ping",
          "",
          "mooring-replication-password",
          "MOORING_REPLICATION_PASSWORD");

  /** Sentinels log in to the Redis pods with it ({@code sentinel auth-user}); Redis's own list. */
  public static final RedisInternalUser SENTINEL =
      new RedisInternalUser(
          "mooring-sentinel",
          "allchannels +multi +slaveof +ping +exec +subscribe +config|rewrite +role +publish +info"
              + " +client|setname +client|kill +script|kill",
          "",
          "mooring-sentinel-password",
          "MOORING_SENTINEL_PASSWORD");

  /**
   * The exporter and the health checks (probes, the master proxy): reads, never a write. Key reads
   * ({@code ~*}) serve the exporter's optional key checks; every command that could change a key is
   * left out, and a script's commands are checked against these rules too.
   */
  public static final RedisInternalUser EXPORTER =
      new RedisInternalUser(
          "mooring-exporter",
          "~* -@all +@connection +info +config|get +client|list +slowlog +latency +memory"
              + " +cluster|info +select +scan +type +strlen +llen +scard +zcard +hlen +xlen +xinfo"
              + " +pfcount +get +eval",
          "-@all +@connection +info +role +sentinel|masters +sentinel|master +sentinel|sentinels"
              + " +sentinel|replicas +sentinel|slaves +client|setname +client|list",
          "mooring-exporter-password",
          "MOORING_EXPORTER_PASSWORD");

  /**
   * Mooring's own calls: replication and failover control, settings, ACL users, snapshots and the
   * cluster's commands, with no key access. On a Sentinel (which holds no data) it may do anything.
   */
  public static final RedisInternalUser OPERATOR =
      new RedisInternalUser(
          "mooring-operator",
          "-@all +@connection +info +role +config +client +acl +replicaof +slaveof +failover +wait"
              + " +bgsave +lastsave +cluster +readonly +readwrite +multi +exec",
          "+@all",
          "mooring-operator-password",
          "MOORING_OPERATOR_PASSWORD");

  public static final List<RedisInternalUser> ALL =
      List.of(REPLICATION, SENTINEL, EXPORTER, OPERATOR);

  private RedisInternalUsers() {}

  /** The user of that name, if it is one of Mooring's own. */
  public static Optional<RedisInternalUser> named(String name) {
    return ALL.stream().filter(user -> user.name().equals(name)).findFirst();
  }
}
