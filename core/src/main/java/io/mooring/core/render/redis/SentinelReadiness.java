package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;

/**
 * A Sentinel is ready once it monitors a master it does not consider down and has met the other
 * Sentinels. A PING alone would let the Deployment's rolling update replace the next Sentinel while
 * the new one cannot vote yet, and a failover in that moment would lack its quorum.
 */
final class SentinelReadiness {
  private SentinelReadiness() {}

  /**
   * @param cliArgs redis-cli's TLS arguments, or empty without TLS
   * @param masterName the name the Sentinels monitor the set under
   * @param peers how many other Sentinels this one must know
   */
  static Probe probe(String cliArgs, String masterName, int peers) {
    String command =
        "REDISCLI_AUTH=\"${"
            + RedisAuthSecret.PASSWORD_ENV
            + ":-}\" redis-cli --no-auth-warning "
            + (cliArgs.isEmpty() ? "" : cliArgs + " ")
            + "-h localhost -p "
            + RedisPorts.SENTINEL
            + " SENTINEL MASTER "
            + masterName
            + " | awk -v peers="
            + peers
            // SENTINEL MASTER answers field names and values on alternate lines.
            + " 'previous == \"flags\" { flags = $0 } previous == \"num-other-sentinels\" {"
            + " others = $0 } { previous = $0 } END { exit !(flags == \"master\" && others + 0 >="
            + " peers) }'";
    return new ProbeBuilder()
        .withNewExec()
        .withCommand("sh", "-c", command)
        .endExec()
        .withInitialDelaySeconds(5)
        .withPeriodSeconds(5)
        .withTimeoutSeconds(3)
        .withFailureThreshold(3)
        .build();
  }
}
