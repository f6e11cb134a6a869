package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.RedisDataSource;
import java.util.List;
import java.util.Optional;

/**
 * The Mooring app a read replica follows ({@link RedisDataSource.ReadReplicaOf}): its master
 * Service, which the replica's master pod replicates from, and its password, read from the source's
 * auth Secret into {@link #PASSWORD_ENV} so it never appears in a ConfigMap.
 */
final class RedisReadReplicaSource {
  /** The environment variable redis-start.sh reads the source's password from. */
  static final String PASSWORD_ENV = "UPSTREAM_PASSWORD";

  private RedisReadReplicaSource() {}

  /** The source's master Service as a DNS name; empty when the app follows no other app. */
  static String upstream(RedisContext context) {
    return source(context).map(names -> names.serviceFqdn(names.master())).orElse("");
  }

  /**
   * The source's password from its auth Secret; optional, since a source without auth has no Secret
   * and its replicas then authenticate with nothing.
   */
  static List<EnvVar> passwordEnv(RedisContext context) {
    return source(context)
        .map(
            names ->
                List.of(
                    new EnvVarBuilder()
                        .withName(PASSWORD_ENV)
                        .withNewValueFrom()
                        .withNewSecretKeyRef()
                        .withName(names.authSecret())
                        .withKey(RedisAuthSecret.PASSWORD_KEY)
                        .withOptional(true)
                        .endSecretKeyRef()
                        .endValueFrom()
                        .build()))
        .orElse(List.of());
  }

  private static Optional<RedisNames> source(RedisContext context) {
    if (!(context.spec().dataSource() instanceof RedisDataSource.ReadReplicaOf replica)) {
      return Optional.empty();
    }
    AppRef self = context.spec().ref();
    return Optional.of(
        new RedisNames(
            new AppRef(self.kind(), self.namespace(), replica.app()),
            context.options().clusterDomain()));
  }
}
