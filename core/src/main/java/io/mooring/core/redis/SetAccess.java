package io.mooring.core.redis;

import io.mooring.core.redisops.RedisAccess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reaches one set's Redis pods and Sentinels over RESP, logged in as Mooring's operator user or
 * with the password the servers run with. Where pods and Sentinels are is given as functions, so
 * that the daemon resolves cluster DNS names and a test maps them to processes on loopback.
 */
public final class SetAccess implements RedisAccess {
  private final Function<String, String> podHost;
  private final Function<String, Optional<String>> podAt;
  private final List<String> sentinelHosts;
  private final int redisPort;
  private final int sentinelPort;
  private final List<RedisLogin> logins;
  private final Duration timeout;
  private final Optional<RedisTlsClient> tls;

  /**
   * @param podHost the host to reach a pod at, by pod name
   * @param podAt the pod at an address the Sentinels name, if it is one of the set's
   * @param sentinelHosts where the Sentinels are (the Sentinel Service, or each Sentinel)
   * @param password the servers' password, or null when auth is off
   */
  public SetAccess(
      Function<String, String> podHost,
      Function<String, Optional<String>> podAt,
      List<String> sentinelHosts,
      int redisPort,
      int sentinelPort,
      String password,
      Duration timeout) {
    this(
        podHost,
        podAt,
        sentinelHosts,
        redisPort,
        sentinelPort,
        password,
        timeout,
        Optional.empty());
  }

  /** As the other constructor, over TLS with {@code tls} when the set serves TLS. */
  public SetAccess(
      Function<String, String> podHost,
      Function<String, Optional<String>> podAt,
      List<String> sentinelHosts,
      int redisPort,
      int sentinelPort,
      String password,
      Duration timeout,
      Optional<RedisTlsClient> tls) {
    this(
        podHost,
        podAt,
        sentinelHosts,
        redisPort,
        sentinelPort,
        password == null ? List.of() : List.of(RedisLogin.defaultUser(password)),
        timeout,
        tls);
  }

  /**
   * As the other constructors, logged in with the first of {@code logins} each server accepts (see
   * {@link RedisLogins}); none when the set has no authentication.
   */
  public SetAccess(
      Function<String, String> podHost,
      Function<String, Optional<String>> podAt,
      List<String> sentinelHosts,
      int redisPort,
      int sentinelPort,
      List<RedisLogin> logins,
      Duration timeout,
      Optional<RedisTlsClient> tls) {
    this.tls = tls;
    this.podHost = podHost;
    this.podAt = podAt;
    this.sentinelHosts = List.copyOf(sentinelHosts);
    this.redisPort = redisPort;
    this.sentinelPort = sentinelPort;
    this.logins = List.copyOf(logins);
    this.timeout = timeout;
  }

  @Override
  public Optional<String> redis(String pod, List<String> command) {
    return RedisConnection.callOnce(podHost.apply(pod), redisPort, logins, timeout, tls, command);
  }

  @Override
  public Optional<String> sentinel(List<String> command) {
    for (String host : sentinelHosts) {
      Optional<String> reply =
          RedisConnection.callOnce(host, sentinelPort, logins, timeout, tls, command);
      if (reply.isPresent()) {
        return reply;
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<String> podAt(String address) {
    return podAt.apply(address);
  }
}
