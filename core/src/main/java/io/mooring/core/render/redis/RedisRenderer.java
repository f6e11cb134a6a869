package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.render.common.ApplyOrder;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.RedisSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link RedisSpec} into the objects of a Redis app: the Redis StatefulSet with its
 * Services and ConfigMap, and with more than one replica the Sentinels and the master proxy; always
 * the exporter, the master Service, the auth Secret when auth is on, and the disruption budgets.
 * Pure: the same spec and options give the same objects.
 */
public final class RedisRenderer {
  private RedisRenderer() {}

  public static DesiredState render(RedisSpec spec, RenderOptions options) {
    RedisContext context = RedisContext.of(spec, options);
    RedisConfigModel config = new RedisConfigModel(context);
    RedisServerModel server = new RedisServerModel(context, config);
    RedisExporterModel exporter = new RedisExporterModel(context);

    List<HasMetadata> objects = new ArrayList<>();
    new RedisAuthModel(context).generateSecret().ifPresent(objects::add);
    objects.add(config.generateConfigMap());
    objects.add(server.generateHeadlessService());
    objects.add(server.generateClientService());
    RedisBackupModel backups = new RedisBackupModel(context);
    objects.add(backups.addTo(server.generateStatefulSet()));
    objects.addAll(backups.generateObjects());
    objects.add(server.generateDisruptionBudget());
    if (spec.highlyAvailable()) {
      SentinelModel sentinel = new SentinelModel(context);
      objects.add(sentinel.generateConfigMap());
      objects.add(sentinel.generateService());
      objects.add(sentinel.generateDeployment());
      objects.add(sentinel.generateDisruptionBudget());
    }
    objects.add(exporter.generateService());
    objects.add(exporter.generateDeployment());
    RedisMasterProxyModel master = new RedisMasterProxyModel(context);
    objects.add(master.generateMasterService());
    if (master.usesProxy()) {
      objects.add(master.generateProxyConfigMap());
      objects.add(master.generateProxyDeployment());
      objects.add(master.generateProxyDisruptionBudget());
    }
    if (spec.external()) {
      objects.add(new RedisExternalAccessModel(context, master).generateLoadBalancer());
    }
    objects.sort(ApplyOrder.COMPARATOR);
    return new DesiredState(spec.ref(), objects);
  }
}
