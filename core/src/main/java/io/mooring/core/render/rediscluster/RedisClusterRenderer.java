package io.mooring.core.render.rediscluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.render.common.ApplyOrder;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.render.redis.RedisAuthSecret;
import io.mooring.core.spec.RedisClusterSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link RedisClusterSpec} into the objects of a Redis Cluster: the auth Secret, the
 * ConfigMap, the headless and client Services, one StatefulSet per shard (see {@link
 * RedisClusterShardModel} for why), one disruption budget over every node, and the exporter. The
 * nodes start as empty cluster nodes; joining them and assigning slots is the orchestration's,
 * which finds each shard's pods by {@link RedisClusterLabels} and names them by {@link
 * RedisClusterNames}. Pure: the same spec and options give the same objects.
 */
public final class RedisClusterRenderer {
  private RedisClusterRenderer() {}

  public static DesiredState render(RedisClusterSpec spec, RenderOptions options) {
    RedisClusterContext context = RedisClusterContext.of(spec, options);
    RedisClusterConfigModel config = new RedisClusterConfigModel(context);
    RedisClusterShardModel shards = new RedisClusterShardModel(context, config);
    RedisClusterServiceModel services = new RedisClusterServiceModel(context);
    RedisClusterExporterModel exporter = new RedisClusterExporterModel(context);

    List<HasMetadata> objects = new ArrayList<>();
    objects.add(
        RedisAuthSecret.generate(
            context.meta(context.names().authSecret(), RedisClusterLabels.COMPONENT_REDIS),
            options.passwords()));
    objects.add(config.generateConfigMap());
    objects.add(services.generateHeadlessService());
    objects.add(services.generateClientService());
    for (int shard = 0; shard < spec.masters(); shard++) {
      objects.add(shards.generateStatefulSet(shard));
    }
    objects.add(services.generateDisruptionBudget());
    objects.add(exporter.generateService());
    objects.add(exporter.generateDeployment());
    objects.sort(ApplyOrder.COMPARATOR);
    return new DesiredState(spec.ref(), objects);
  }
}
