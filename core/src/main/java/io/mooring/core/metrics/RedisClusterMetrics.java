package io.mooring.core.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.mooring.core.rediscluster.ClusterListener;
import io.mooring.core.rediscluster.LiveCluster;
import io.mooring.core.spec.AppRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The health of each Redis Cluster app as Mooring last read it: slots served, slots half-moved, and
 * whether every pod reports {@code cluster_state:ok}. Labels are the app's identity only.
 */
public final class RedisClusterMetrics implements ClusterListener {
  private final MeterRegistry registry;
  private final Map<AppRef, Values> apps = new ConcurrentHashMap<>();

  public RedisClusterMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  private static final class Values {
    final AtomicInteger assigned = new AtomicInteger();
    final AtomicInteger migrating = new AtomicInteger();
    final AtomicInteger stateOk = new AtomicInteger();
  }

  @Override
  public void observed(AppRef app, LiveCluster live) {
    Values values = apps.computeIfAbsent(app, this::register);
    values.assigned.set(live.slotsAssigned());
    values.migrating.set(live.openSlots().size());
    values.stateOk.set(live.stateOk() ? 1 : 0);
  }

  private Values register(AppRef app) {
    Values values = new Values();
    Tags tags = Tags.of("kind", app.kind().id(), "namespace", app.namespace(), "app", app.name());
    Gauge.builder("mooring.redis.cluster.slots.assigned", values.assigned, AtomicInteger::get)
        .description("Hash slots served by some master (16384 when the cluster is whole)")
        .tags(tags)
        .register(registry);
    Gauge.builder("mooring.redis.cluster.slots.migrating", values.migrating, AtomicInteger::get)
        .description("Hash slots importing or migrating on some node (a move under way or stuck)")
        .tags(tags)
        .register(registry);
    Gauge.builder("mooring.redis.cluster.state.ok", values.stateOk, AtomicInteger::get)
        .description("1 when every pod of the cluster reports cluster_state:ok")
        .tags(tags)
        .register(registry);
    return values;
  }
}
