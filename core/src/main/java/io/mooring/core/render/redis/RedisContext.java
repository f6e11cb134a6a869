package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.mooring.core.render.common.ContainerImage;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.RedisImage;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.RedisEngine;
import io.mooring.core.spec.RedisSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every Redis model needs: the spec, the render options, the derived names and common
 * metadata.
 */
record RedisContext(RedisSpec spec, RenderOptions options, RedisNames names) {
  static final String COMPONENT_REDIS = "redis";
  static final String COMPONENT_SENTINEL = "sentinel";
  static final String COMPONENT_EXPORTER = "exporter";
  static final String COMPONENT_PROXY = "proxy";

  static final String PASSWORD_ENV = RedisAuthSecret.PASSWORD_ENV;

  static final int SENTINELS = 3;

  static RedisContext of(RedisSpec spec, RenderOptions options) {
    return new RedisContext(spec, options, new RedisNames(spec.ref(), options.clusterDomain()));
  }

  /** The image of the Redis pods: Valkey's for a Valkey app, of the spec's version family. */
  ContainerImage serverImage() {
    ContainerImage configured =
        spec.engine().family() == RedisEngine.Family.VALKEY
            ? options.images().valkey()
            : options.images().redis();
    return RedisImage.of(configured, spec.engine());
  }

  static int quorum() {
    return SENTINELS / 2 + 1;
  }

  ObjectMeta meta(String name, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(names.namespace())
        .withLabels(labels(component))
        .build();
  }

  /** A Service of {@code type} with one named port, selecting the pods of {@code component}. */
  ServiceBuilder service(String name, String component, String type, String portName, int port) {
    return new ServiceBuilder()
        .withMetadata(meta(name, component))
        .withNewSpec()
        .withType(type)
        .withSelector(selector(component))
        .addNewPort()
        .withName(portName)
        .withPort(port)
        .withTargetPort(new IntOrString(portName))
        .endPort()
        .endSpec();
  }

  Map<String, String> labels(String component) {
    return MooringLabels.forComponent(spec.ref(), component);
  }

  Map<String, String> selector(String component) {
    return MooringLabels.selector(spec.ref(), component);
  }

  /** The pod's own name, which the scripts derive its stable DNS name and Sentinel id from. */
  static EnvVar podNameEnv() {
    return RedisAuthSecret.podNameEnv();
  }

  /**
   * The password as a reference to the Secret (empty when auth is off); never as a literal value.
   */
  List<EnvVar> passwordEnv() {
    return spec.authEnabled()
        ? List.of(RedisAuthSecret.passwordEnv(names.authSecret()))
        : List.of();
  }

  /**
   * The passwords of {@code users} (Mooring's own) as references to the auth Secret, each under the
   * user's variable; empty when auth is off.
   */
  List<EnvVar> internalUserEnv(List<RedisInternalUser> users) {
    if (!spec.authEnabled()) {
      return List.of();
    }
    return users.stream()
        .map(user -> RedisAuthSecret.secretEnv(user.env(), names.authSecret(), user.secretKey()))
        .toList();
  }

  /**
   * POD_NAME followed by the password reference, the environment of every script-running container.
   */
  List<EnvVar> scriptEnv() {
    List<EnvVar> env = new ArrayList<>();
    env.add(podNameEnv());
    env.addAll(passwordEnv());
    env.addAll(RedisReadReplicaSource.passwordEnv(this));
    return env;
  }
}
