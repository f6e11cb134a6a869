package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * A Redis app in canonical form (Cozystack's {@code apps.cozystack.io/v1alpha1 Redis} maps onto it
 * field for field). {@code replicas} counts Redis pods; with more than one, Sentinel runs beside
 * them.
 */
public record RedisSpec(
    AppRef ref,
    SourceLocation source,
    Map<String, String> annotations,
    int replicas,
    ComputeResources resources,
    Quantity size,
    String storageClass,
    boolean external,
    boolean authEnabled,
    AppLifecycle lifecycle,
    RedisEngine engine,
    RedisPersistence persistence,
    RedisDataSource dataSource,
    RedisDataProtection protection)
    implements AppSpec {

  public static final int DEFAULT_REPLICAS = 2;
  public static final Quantity DEFAULT_SIZE = new Quantity("1Gi");

  public RedisSpec {
    annotations = Map.copyOf(annotations);
  }

  /** An app without backups that starts from its data source. */
  public RedisSpec(
      AppRef ref,
      SourceLocation source,
      Map<String, String> annotations,
      int replicas,
      ComputeResources resources,
      Quantity size,
      String storageClass,
      boolean external,
      boolean authEnabled,
      AppLifecycle lifecycle,
      RedisEngine engine,
      RedisPersistence persistence,
      RedisDataSource dataSource) {
    this(
        ref,
        source,
        annotations,
        replicas,
        resources,
        size,
        storageClass,
        external,
        authEnabled,
        lifecycle,
        engine,
        persistence,
        dataSource,
        RedisDataProtection.NONE);
  }

  /** A storage class of "" or null means the cluster's default class. */
  public boolean hasStorageClass() {
    return storageClass != null && !storageClass.isEmpty();
  }

  public boolean highlyAvailable() {
    return replicas > 1;
  }
}
