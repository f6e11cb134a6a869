package io.mooring.core.rediscluster;

/**
 * Where a pod's Redis takes clients: its stable host name in a cluster, an IP on loopback. The bus
 * port is the client port + 10000, Redis's default.
 */
public record NodeAddress(String host, int port) {
  @Override
  public String toString() {
    return host + ":" + port;
  }
}
