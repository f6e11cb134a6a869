package io.mooring.core.render.nats;

/** The ports every NATS pod listens on; Services, probes and nats.conf all read them from here. */
final class NatsPorts {
  static final int CLIENT = 4222;
  static final int CLUSTER = 6222;
  static final int MONITOR = 8222;
  static final int METRICS = 7777;

  static final String CLIENT_NAME = "client";
  static final String CLUSTER_NAME = "cluster";
  static final String MONITOR_NAME = "monitor";
  static final String METRICS_NAME = "metrics";

  private NatsPorts() {}
}
