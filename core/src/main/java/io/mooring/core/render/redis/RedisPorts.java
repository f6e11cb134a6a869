package io.mooring.core.render.redis;

/** The ports every Redis app uses; pods of one role share a port, as real pods do. */
public final class RedisPorts {
  public static final int REDIS = 6379;
  public static final int SENTINEL = 26379;

  /** Redis Cluster's node-to-node bus: the client port plus 10000, Redis's own default. */
  public static final int CLUSTER_BUS = 16379;

  public static final int EXPORTER = 9121;

  private RedisPorts() {}
}
