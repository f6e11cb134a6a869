package io.mooring.core.render.rediscluster;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.mooring.core.render.common.DisruptionBudgets;
import io.mooring.core.render.redis.RedisPorts;

/**
 * What spans every shard: the headless Service that gives each node its stable DNS name, the client
 * Service, and one disruption budget over all nodes.
 */
final class RedisClusterServiceModel {
  private final RedisClusterContext context;

  RedisClusterServiceModel(RedisClusterContext context) {
    this.context = context;
  }

  /**
   * Not-ready nodes resolve too: a starting node announces its name, and nodes meet over the bus,
   * before they are ready.
   */
  Service generateHeadlessService() {
    return service(context.names().headless())
        .editSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .addNewPort()
        .withName("cluster-bus")
        .withPort(RedisPorts.CLUSTER_BUS)
        .withTargetPort(new IntOrString("cluster-bus"))
        .endPort()
        .endSpec()
        .build();
  }

  /**
   * Any ready node: a cluster-aware client's first contact, from which it learns the slot map and
   * is redirected to each key's master by stable name.
   */
  Service generateClientService() {
    return service(context.names().client()).build();
  }

  /**
   * At most one node of the whole cluster down for a drain: two at once could be a master and its
   * only replica, and that shard's slots would be unserved.
   */
  PodDisruptionBudget generateDisruptionBudget() {
    return DisruptionBudgets.oneAtATime(
        context.meta(context.names().client(), RedisClusterLabels.COMPONENT_REDIS),
        RedisClusterLabels.nodes(context.spec().ref()));
  }

  private ServiceBuilder service(String name) {
    return new ServiceBuilder()
        .withMetadata(context.meta(name, RedisClusterLabels.COMPONENT_REDIS))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(RedisClusterLabels.nodes(context.spec().ref()))
        .addNewPort()
        .withName("redis")
        .withPort(RedisPorts.REDIS)
        .withTargetPort(new IntOrString("redis"))
        .endPort()
        .endSpec();
  }
}
