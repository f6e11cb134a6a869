package io.mooring.core.redisops;

import java.util.List;
import java.util.Optional;

/**
 * The parts of a planned failover that decide how long writes stop: knowing that the replicas hold
 * every write of the paused master, and handing the old master over once the Sentinels name its
 * successor.
 *
 * <p>Both ask the servers themselves rather than what the master last heard: a master learns its
 * replicas' offsets from their acknowledgements, sent once a second, so a check on the master's
 * {@code INFO} can hold every write up to a second after the replicas already have them.
 */
final class FailoverHandover {
  private static final String PING_PERIOD = "repl-ping-replica-period";

  private final RedisAccess redis;
  private final String masterName;

  FailoverHandover(RedisAccess redis, String masterName) {
    this.redis = redis;
    this.masterName = masterName;
  }

  /**
   * Stops the master's keep-alive pings to its replicas for the failover, and returns the period to
   * restore. A paused master still pings them every few seconds; a ping that reaches the other
   * replica after the promoted one left puts them a few bytes ahead of the new master, which then
   * refuses them a partial resync: they resync in full, and the new master takes no write until one
   * of them is back (seconds, more with a large data set).
   */
  Optional<String> holdPings(String master, java.time.Duration bound) {
    Optional<String> period =
        redis
            .redis(master, List.of("CONFIG", "GET", PING_PERIOD))
            .map(reply -> reply.lines().toList())
            .filter(lines -> lines.size() == 2)
            .map(lines -> lines.get(1));
    if (period.isPresent()) {
      redis.redis(
          master,
          List.of("CONFIG", "SET", PING_PERIOD, Long.toString(Math.max(1, bound.toSeconds()))));
    }
    return period;
  }

  /** Restores the ping period {@link #holdPings} returned. */
  void releasePings(String master, Optional<String> period) {
    period.ifPresent(value -> redis.redis(master, List.of("CONFIG", "SET", PING_PERIOD, value)));
  }

  /**
   * True once every replica says its link to {@code master} is up and it has processed the master's
   * whole replication stream. Asked while the master's writes are paused, so the offset read first
   * cannot move.
   */
  boolean replicasHaveEverything(String master, List<String> replicas) {
    Optional<String> info = redis.redis(master, List.of("INFO", "replication"));
    if (info.isEmpty() || !"master".equals(InfoFields.field(info.get(), "role").orElse(""))) {
      return false;
    }
    long offset = InfoFields.number(info.get(), "master_repl_offset");
    if (offset < 0) {
      return false;
    }
    for (String replica : replicas) {
      Optional<String> own = redis.redis(replica, List.of("INFO", "replication"));
      if (own.isEmpty()
          || !"up".equals(InfoFields.field(own.get(), "master_link_status").orElse(""))
          || InfoFields.number(own.get(), "slave_repl_offset") < offset) {
        return false;
      }
    }
    return true;
  }

  /**
   * The address (host, port) the Sentinels give for the master once it is no longer {@code
   * oldMaster}; empty while they still name it. The Sentinel that runs the failover names the
   * promoted replica as soon as it has taken the role, a second before it announces the switch.
   */
  Optional<List<String>> promoted(String oldMaster) {
    Optional<List<String>> address =
        redis
            .sentinel(List.of("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName))
            .map(reply -> reply.lines().toList())
            .filter(lines -> lines.size() == 2 && !lines.get(0).contains(" "));
    return address.filter(
        lines -> redis.podAt(lines.get(0)).map(pod -> !pod.equals(oldMaster)).orElse(false));
  }

  /**
   * Makes the old master a replica of the promoted one, then lets its paused clients go on. The
   * Sentinels would demote it too, but only some ten seconds later; until then it is a master
   * without replicas. Demoted first, the writes it held back are refused with {@code READONLY},
   * which sends a Sentinel-aware client to the new master at once, and nothing can be written where
   * it would be discarded.
   */
  void handOver(String oldMaster, List<String> promoted, Optional<String> pingPeriod) {
    redis.redis(oldMaster, List.of("REPLICAOF", promoted.get(0), promoted.get(1)));
    releasePings(oldMaster, pingPeriod);
    // Sentinel rewrites the config when it demotes a node; so does this, for a restart's sake.
    redis.redis(oldMaster, List.of("CONFIG", "REWRITE"));
    redis.redis(oldMaster, List.of("CLIENT", "UNPAUSE"));
  }
}
