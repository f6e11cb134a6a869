package io.mooring.core.spec;

/**
 * The kinds of data service Mooring deploys. {@link #maxNameLength()} is the longest app name whose
 * derived resource names still fit Kubernetes' 63-character limit for labels, Service names and
 * StatefulSet pod hostnames; the render tests check every derived name of an app at that length.
 */
public enum AppKind {
  // "<name>-redis-exporter-metrics" style names are the longest Redis derivation (see RedisNames).
  REDIS("redis", 40),
  NATS("nats", 45),
  // "<name>-shard-<i>-<10 chars>", the controller-revision-hash label of a shard's pods, with
  // shard numbers up to two digits (RedisClusterSpec.MAX_MASTERS), is the longest (see
  // RedisClusterNames).
  REDIS_CLUSTER("redis-cluster", 43);

  private final String id;
  private final int maxNameLength;

  AppKind(String id, int maxNameLength) {
    this.id = id;
    this.maxNameLength = maxNameLength;
  }

  /**
   * Lower-case identifier used in labels ({@code app.kubernetes.io/name}) and in {@code
   * mooring.io/app}.
   */
  public String id() {
    return id;
  }

  public int maxNameLength() {
    return maxNameLength;
  }

  /** The kind with this {@link #id()}; throws IllegalArgumentException for any other text. */
  public static AppKind fromId(String id) {
    for (AppKind kind : values()) {
      if (kind.id.equals(id)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("no app kind \"" + id + "\"");
  }
}
