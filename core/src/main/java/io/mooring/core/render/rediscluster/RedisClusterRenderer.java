package io.mooring.core.render.rediscluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.render.common.ApplyOrder;
import io.mooring.core.render.common.ConnectionSecretModel;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.render.redis.RedisAclFiles;
import io.mooring.core.render.redis.RedisAuthSecret;
import io.mooring.core.render.redis.RedisInternalUser;
import io.mooring.core.render.redis.RedisPorts;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.tls.ServerCertificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link RedisClusterSpec} into the objects of a Redis Cluster: the auth Secret, the
 * connection Secret, the ConfigMap, the headless and client Services, one StatefulSet per shard
 * (see {@link RedisClusterShardModel} for why), one disruption budget over every node, and the
 * exporter; with TLS the certificate Secret, with ACL users their generated Secrets. The nodes
 * start as empty cluster nodes; joining them and assigning slots is the orchestration's, which
 * finds each shard's pods by {@link RedisClusterLabels} and names them by {@link
 * RedisClusterNames}. Pure: the same spec, options and live Secrets give the same objects.
 */
public final class RedisClusterRenderer {
  /** The user clients log in as: Redis's own, which the password protects. */
  private static final String DEFAULT_USER = "default";

  private RedisClusterRenderer() {}

  /** Renders with nothing live, as for a first sync or without a cluster. */
  public static DesiredState render(RedisClusterSpec spec, RenderOptions options) {
    return render(spec, options, LiveSecrets.NONE);
  }

  /**
   * Renders the app's objects in apply order.
   *
   * @param live the app's Secrets in the cluster: the live password, certificate and users'
   *     passwords are kept
   */
  public static DesiredState render(
      RedisClusterSpec spec, RenderOptions options, LiveSecrets live) {
    RedisClusterContext context = RedisClusterContext.of(spec, options);
    return render(context, live, new RedisClusterTlsModel(context).objects(live, options.clock()));
  }

  /**
   * Renders with {@code certificate} as the nodes' certificate of a TLS cluster (signed by the CA
   * it carries), as a test does to serve names of its own.
   */
  public static DesiredState render(
      RedisClusterSpec spec,
      RenderOptions options,
      LiveSecrets live,
      ServerCertificate certificate) {
    RedisClusterContext context = RedisClusterContext.of(spec, options);
    return render(context, live, new RedisClusterTlsModel(context).given(certificate));
  }

  private static DesiredState render(
      RedisClusterContext context, LiveSecrets live, RedisClusterTlsModel.Objects tls) {
    RedisClusterSpec spec = context.spec();
    RenderOptions options = context.options();
    RedisClusterNames names = context.names();
    RedisClusterConfigModel config = new RedisClusterConfigModel(context);
    RedisClusterShardModel shards = new RedisClusterShardModel(context, config);
    RedisClusterServiceModel services = new RedisClusterServiceModel(context);
    RedisClusterExporterModel exporter = new RedisClusterExporterModel(context);
    String password =
        live.value(names.authSecret(), RedisAuthSecret.PASSWORD_KEY)
            .orElseGet(
                () ->
                    options
                        .passwords()
                        .generate(names.authSecret() + "/" + RedisAuthSecret.PASSWORD_KEY));

    List<HasMetadata> objects = new ArrayList<>();
    objects.add(
        RedisAuthSecret.withPasswords(
            context.meta(names.authSecret(), RedisClusterLabels.COMPONENT_REDIS),
            password,
            internalPasswords(context, live)));
    objects.addAll(tls.objects());
    new ConnectionSecretModel(
            spec.connectionSecret(),
            context.meta(names.client(), RedisClusterLabels.COMPONENT_REDIS),
            "redis",
            names.serviceFqdn(names.client()),
            RedisPorts.REDIS,
            DEFAULT_USER,
            password,
            spec.tls().enabled(),
            tls.caPem().orElse(""))
        .generate()
        .ifPresent(objects::add);
    objects.addAll(
        RedisAclFiles.generateSecrets(
            spec.aclUsers(),
            names::userSecret,
            name -> context.meta(name, RedisClusterLabels.COMPONENT_REDIS),
            live,
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

  /**
   * The passwords of Mooring's own users by Secret key: the live ones, or new ones for the keys the
   * Secret lacks (a cluster created before they existed gets them added, its own password kept).
   */
  private static Map<String, String> internalPasswords(
      RedisClusterContext context, LiveSecrets live) {
    String secret = context.names().authSecret();
    Map<String, String> passwords = new LinkedHashMap<>();
    for (RedisInternalUser user : RedisClusterInternalUsers.ALL) {
      passwords.put(
          user.secretKey(),
          live.value(secret, user.secretKey())
              .orElseGet(
                  () -> context.options().passwords().generate(secret + "/" + user.secretKey())));
    }
    return passwords;
  }
}
