package io.mooring.core.render.rediscluster;

import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.AppRef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels by which the pods of a Redis Cluster app, and of each of its shards, are found. Every
 * node pod carries {@link MooringLabels#selector} with component {@link #COMPONENT_REDIS} ({@code
 * app.kubernetes.io/name: redis-cluster}, {@code app.kubernetes.io/instance: <app>}, {@code
 * app.kubernetes.io/component: redis}) plus {@link #SHARD} ({@code mooring.io/shard: "<i>"}); a
 * shard's StatefulSet selects on all of them, so no two shards' StatefulSets select each other's
 * pods. Within a shard the pod's ordinal is the suffix of its name ({@code <app>-shard-<i>-<j>}).
 */
public final class RedisClusterLabels {
  /** The shard (0-based) a StatefulSet and its pods belong to, as a decimal string. */
  public static final String SHARD = "mooring.io/shard";

  public static final String COMPONENT_REDIS = "redis";
  public static final String COMPONENT_EXPORTER = "exporter";

  private RedisClusterLabels() {}

  /** Every node pod of the app, whatever its shard. */
  public static Map<String, String> nodes(AppRef app) {
    return MooringLabels.selector(app, COMPONENT_REDIS);
  }

  /** The pods of shard {@code shard}. */
  public static Map<String, String> shard(AppRef app, int shard) {
    Map<String, String> labels = new LinkedHashMap<>(nodes(app));
    labels.put(SHARD, Integer.toString(shard));
    return labels;
  }
}
