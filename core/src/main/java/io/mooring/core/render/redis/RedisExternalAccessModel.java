package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.Service;

/**
 * {@code external: true}: a LoadBalancer Service that always reaches the current master, through
 * the same pods as the master Service (see {@link RedisMasterProxyModel}).
 */
final class RedisExternalAccessModel {
  private final RedisContext context;
  private final RedisMasterProxyModel master;

  RedisExternalAccessModel(RedisContext context, RedisMasterProxyModel master) {
    this.context = context;
    this.master = master;
  }

  Service generateLoadBalancer() {
    return context
        .service(
            context.names().external(),
            master.masterComponent(),
            "LoadBalancer",
            "redis",
            RedisPorts.REDIS)
        .build();
  }
}
