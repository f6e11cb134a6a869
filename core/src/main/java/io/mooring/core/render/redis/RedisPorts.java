package io.mooring.core.render.redis;

/** The ports every Redis app uses; pods of one role share a port, as real pods do. */
public final class RedisPorts {
  public static final int REDIS = 6379;
  public static final int SENTINEL = 26379;
  public static final int EXPORTER = 9121;

  private RedisPorts() {}
}
