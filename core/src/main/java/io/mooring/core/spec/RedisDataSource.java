package io.mooring.core.spec;

/**
 * Where a new app's data comes from: nothing, a live migration from a Redis outside Mooring, or a
 * continuous read replica of another Mooring app in the same namespace.
 */
public sealed interface RedisDataSource {

  RedisDataSource EMPTY = new Empty();

  /** The app starts empty. */
  record Empty() implements RedisDataSource {}

  /**
   * Copy the data of a Redis server Mooring does not run.
   *
   * @param password the source's password, from the spec; never logged or rendered into a ConfigMap
   */
  record Migration(
      String host, int port, String username, String password, boolean ssl, Method method)
      implements RedisDataSource {

    /** How the data is copied. */
    public enum Method {
      /** The new master replicates from the source until in sync, then is promoted. */
      REPLICATION,
      /** A one-shot copy of every key with its TTL. */
      DUMP
    }

    @Override
    public String toString() {
      return "Migration[host=" + host + ", port=" + port + ", method=" + method + "]";
    }
  }

  /** The app follows the master of the named Mooring app in the same namespace. */
  record ReadReplicaOf(String app) implements RedisDataSource {}
}
