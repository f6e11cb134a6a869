package io.mooring.core.spec;

import java.util.List;

/**
 * Who may reach a Redis app from outside its namespace.
 *
 * @param allowedSources CIDR blocks admitted on the Redis port (and the exporter's when it is
 *     exposed); empty means no NetworkPolicy, so nothing is restricted
 * @param exporterExternal the exporter's metrics reachable through a LoadBalancer
 */
public record RedisNetwork(List<String> allowedSources, boolean exporterExternal) {
  public static final RedisNetwork OPEN = new RedisNetwork(List.of(), false);

  public RedisNetwork {
    allowedSources = List.copyOf(allowedSources);
  }

  public boolean restricted() {
    return !allowedSources.isEmpty();
  }
}
