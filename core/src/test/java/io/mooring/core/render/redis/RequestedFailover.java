package io.mooring.core.render.redis;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

/**
 * A failover an operator asks the Sentinels of a {@link LoopbackRedisSet} for, and the waits that
 * prove it took: another pod is promoted, every pod follows it, and the old master syncs from it.
 *
 * <p>The Sentinels reconnect to the pods after auth-pass changes and need their INFO again before a
 * replica counts as promotable: until then a requested failover is abandoned (no good replica) and,
 * the master being up, never tried again by the Sentinels. So the request is repeated, as an
 * operator would, until a failover takes; while one runs the Sentinel answers INPROG.
 */
final class RequestedFailover {
  private RequestedFailover() {}

  /**
   * Asks the Sentinels, logged in with {@code password}, to move the master away from {@code
   * oldMaster} and waits until the set of {@code replicas} pods settled on another one; {@code
   * oldMasterSyncs} names the last wait, on the old master's link to the new one.
   */
  static void awaitAwayFrom(
      LoopbackRedisSet set,
      String password,
      String masterName,
      int replicas,
      String oldMaster,
      String oldMasterSyncs) {
    await("every Sentinel knows both replicas")
        .atMost(LoopbackRedisQueries.PATIENCE)
        .until(
            () ->
                LoopbackRedisQueries.sentinelsKnowReplicas(
                    set, password, masterName, replicas - 1));
    await("the Sentinels promote another pod and every pod follows it")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              String now = LoopbackRedisQueries.masterFromSentinels(set, password, masterName);
              if (now.equals(oldMaster)) {
                RedisCli.call(
                    password,
                    set.sentinelAddress(0),
                    set.sentinelPort,
                    "SENTINEL",
                    "FAILOVER",
                    masterName);
                return false;
              }
              return !now.isEmpty()
                  && RedisCli.call(password, now, set.redisPort, "INFO", "replication")
                      .contains("connected_slaves:" + (replicas - 1));
            });
    await(oldMasterSyncs)
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                RedisCli.infoField(
                        RedisCli.call(password, oldMaster, set.redisPort, "INFO", "replication"),
                        "master_link_status")
                    .equals("up"));
  }
}
