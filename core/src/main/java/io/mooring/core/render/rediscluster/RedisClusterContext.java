package io.mooring.core.render.rediscluster;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.mooring.core.render.common.ContainerImage;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.RedisImage;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.render.redis.RedisAuthSecret;
import io.mooring.core.render.redis.RedisInternalUser;
import io.mooring.core.spec.RedisClusterSpec;
import java.util.List;
import java.util.Map;

/** What every Redis Cluster model needs: the spec, the render options, names and metadata. */
record RedisClusterContext(RedisClusterSpec spec, RenderOptions options, RedisClusterNames names) {

  static RedisClusterContext of(RedisClusterSpec spec, RenderOptions options) {
    return new RedisClusterContext(
        spec, options, new RedisClusterNames(spec.ref(), options.clusterDomain()));
  }

  /** Metadata of an object of the whole app. */
  ObjectMeta meta(String name, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(names.namespace())
        .withLabels(MooringLabels.forComponent(spec.ref(), component))
        .build();
  }

  /** Metadata of an object of one shard: the app's labels and {@link RedisClusterLabels#SHARD}. */
  ObjectMeta shardMeta(String name, int shard) {
    ObjectMeta meta = meta(name, RedisClusterLabels.COMPONENT_REDIS);
    meta.getLabels().put(RedisClusterLabels.SHARD, Integer.toString(shard));
    return meta;
  }

  Map<String, String> labels(String component) {
    return MooringLabels.forComponent(spec.ref(), component);
  }

  /** The Redis image of the spec's version; see {@link RedisImage}. */
  ContainerImage redisImage() {
    return RedisImage.of(options.images().redis(), spec.engine());
  }

  /** POD_NAME and the password reference: the environment of the start script and the server. */
  List<EnvVar> scriptEnv() {
    return List.of(RedisAuthSecret.podNameEnv(), passwordEnv());
  }

  /** The passwords of {@code users}, each from its key of the auth Secret. */
  List<EnvVar> internalUserEnv(List<RedisInternalUser> users) {
    return users.stream()
        .map(user -> RedisAuthSecret.secretEnv(user.env(), names.authSecret(), user.secretKey()))
        .toList();
  }

  EnvVar passwordEnv() {
    return RedisAuthSecret.passwordEnv(names.authSecret());
  }

  static ContainerPort port(String name, int port) {
    return new ContainerPortBuilder().withName(name).withContainerPort(port).build();
  }
}
