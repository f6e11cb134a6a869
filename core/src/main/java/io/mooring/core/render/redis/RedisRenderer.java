package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.render.common.ApplyOrder;
import io.mooring.core.render.common.ConnectionSecretModel;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.ExtraMetadataStamp;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.tls.ServerCertificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders a {@link RedisSpec} into the objects of a Redis app: the Redis StatefulSet with its
 * Services and ConfigMap, and with more than one replica the Sentinels and the master proxy; always
 * the exporter, the master Service, the auth Secret when auth is on, the connection Secret, the
 * disruption budgets, and with allowed sources a NetworkPolicy. Pure: the same spec and options
 * give the same objects.
 */
public final class RedisRenderer {
  /** The user every client logs in as: Redis's own, which the password protects. */
  static final String DEFAULT_USER = "default";

  private RedisRenderer() {}

  /** Renders with nothing live, as for a first sync or without a cluster. */
  public static DesiredState render(RedisSpec spec, RenderOptions options) {
    return render(spec, options, LiveSecrets.NONE);
  }

  /**
   * Renders the app's objects in apply order.
   *
   * @param live the app's Secrets in the cluster: the live password is the one the connection
   *     Secret carries
   */
  public static DesiredState render(RedisSpec spec, RenderOptions options, LiveSecrets live) {
    RedisContext context = RedisContext.of(spec, options);
    return render(context, live, RedisTlsObjects.of(context, live, options.clock()));
  }

  /**
   * Renders with {@code certificate} as the server certificate of a TLS app (signed by the CA it
   * carries), as a test does to serve names of its own.
   */
  public static DesiredState render(
      RedisSpec spec, RenderOptions options, LiveSecrets live, ServerCertificate certificate) {
    RedisContext context = RedisContext.of(spec, options);
    return render(context, live, RedisTlsObjects.given(context, certificate));
  }

  private static DesiredState render(RedisContext context, LiveSecrets live, RedisTlsObjects tls) {
    RedisSpec spec = context.spec();
    RedisConfigModel config = new RedisConfigModel(context);
    RedisServerModel server = new RedisServerModel(context, config);
    RedisExporterModel exporter = new RedisExporterModel(context);
    RedisNetworkModel network = new RedisNetworkModel(context);
    RedisAuthModel auth = new RedisAuthModel(context);
    String password = auth.password(live);

    List<HasMetadata> objects = new ArrayList<>();
    auth.generateSecret(password, live).ifPresent(objects::add);
    objects.addAll(tls.objects());
    connectionSecret(context, password, tls.caPem()).ifPresent(objects::add);
    objects.addAll(new RedisAclModel(context).generateSecrets(live));
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
      objects.add(sentinel.generateDeployment(tls.certificatePem()));
      objects.add(sentinel.generateDisruptionBudget());
    }
    objects.add(exporter.generateService());
    objects.add(exporter.generateDeployment());
    network.generateExporterLoadBalancer().ifPresent(objects::add);
    RedisMasterProxyModel master = new RedisMasterProxyModel(context);
    objects.add(master.generateMasterService());
    if (master.usesProxy()) {
      objects.add(master.generateProxyConfigMap());
      objects.add(master.generateProxyDeployment());
      objects.add(master.generateProxyDisruptionBudget());
    }
    if (spec.external()) {
      objects.add(
          network.restrict(new RedisExternalAccessModel(context, master).generateLoadBalancer()));
    }
    network.generatePolicy().ifPresent(objects::add);
    ExtraMetadataStamp.apply(spec.extraMetadata(), objects);
    objects.sort(ApplyOrder.COMPARATOR);
    return new DesiredState(spec.ref(), objects);
  }

  /** The master Service's address with the app's password; clients write through it. */
  private static Optional<Secret> connectionSecret(
      RedisContext context, String password, Optional<String> caPem) {
    RedisNames names = context.names();
    return new ConnectionSecretModel(
            context.spec().connectionSecret(),
            context.meta(names.master(), RedisContext.COMPONENT_REDIS),
            "redis",
            names.serviceFqdn(names.master()),
            RedisPorts.REDIS,
            DEFAULT_USER,
            password,
            context.spec().tls().enabled(),
            caPem.orElse(""))
        .generate();
  }
}
