package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;

/**
 * Exec probes that PING a Redis or Sentinel process inside its own pod, authenticated from the env.
 */
public final class RedisProbes {
  private RedisProbes() {}

  /**
   * Passes when the reply matches {@code acceptedReplies} (an extended regex). The password comes
   * from the container's {@code REDIS_PASSWORD} through {@code REDISCLI_AUTH}, so it never shows in
   * the spec.
   */
  public static Probe ping(
      int port,
      String acceptedReplies,
      int initialDelaySeconds,
      int periodSeconds,
      int failureThreshold) {
    return ping("", port, acceptedReplies, initialDelaySeconds, periodSeconds, failureThreshold);
  }

  /**
   * As {@link #ping(int, String, int, int, int)} over TLS when {@code cliArgs} holds redis-cli's
   * TLS arguments ({@code --tls --cacert <file>}); "localhost" is among the certificate's names.
   */
  public static Probe ping(
      String cliArgs,
      int port,
      String acceptedReplies,
      int initialDelaySeconds,
      int periodSeconds,
      int failureThreshold) {
    return ping(
        cliArgs, null, port, acceptedReplies, initialDelaySeconds, periodSeconds, failureThreshold);
  }

  /**
   * As {@link #ping(String, int, String, int, int, int)}, logged in as {@code user} (one of
   * Mooring's own, its password from the container's variable of that user) when it is not null.
   */
  public static Probe ping(
      String cliArgs,
      RedisInternalUser user,
      int port,
      String acceptedReplies,
      int initialDelaySeconds,
      int periodSeconds,
      int failureThreshold) {
    String command =
        "REDISCLI_AUTH=\"${"
            + (user == null ? RedisAuthSecret.PASSWORD_ENV : user.env())
            + ":-}\" redis-cli "
            + (cliArgs.isEmpty() ? "" : cliArgs + " ")
            + "--no-auth-warning "
            + (user == null ? "" : "--user " + user.name() + " ")
            + "-h localhost -p "
            + port
            + " ping | grep -Eq '^("
            + acceptedReplies
            + ")'";
    return new ProbeBuilder()
        .withNewExec()
        .withCommand("sh", "-c", command)
        .endExec()
        .withInitialDelaySeconds(initialDelaySeconds)
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(3)
        .withFailureThreshold(failureThreshold)
        .build();
  }
}
