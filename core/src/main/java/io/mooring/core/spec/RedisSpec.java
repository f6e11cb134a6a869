package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/**
 * A Redis app in canonical form (Cozystack's {@code apps.cozystack.io/v1alpha1 Redis} maps onto it
 * field for field). {@code replicas} counts Redis pods; with more than one, Sentinel runs beside
 * them. Aiven's {@code Redis} and {@code Valkey} map onto it too, with their engine, tuning,
 * network restrictions and connection Secret.
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
    RedisTls tls,
    List<RedisAclUser> aclUsers,
    PasswordRotation passwordRotation,
    RedisTuning tuning,
    ConnectionSecret connectionSecret,
    RedisNetwork network,
    ExtraMetadata extraMetadata,
    RedisDataProtection protection)
    implements AppSpec {

  public static final int DEFAULT_REPLICAS = 2;
  public static final Quantity DEFAULT_SIZE = new Quantity("1Gi");

  public RedisSpec {
    annotations = Map.copyOf(annotations);
    aclUsers = List.copyOf(aclUsers);
  }

  /**
   * A spec without TLS, ACL users, scheduled rotation, tuning, network restrictions, extra metadata
   * or backups, whose connection Secret is {@link ConnectionSecret#defaultForRedis}'s: what
   * Cozystack's API can express.
   */
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
        RedisTls.DISABLED,
        List.of(),
        PasswordRotation.ON_DEMAND,
        RedisTuning.NONE,
        ConnectionSecret.defaultForRedis(ref),
        RedisNetwork.OPEN,
        ExtraMetadata.NONE,
        RedisDataProtection.NONE);
  }

  /** This spec with its backups and restore. */
  public RedisSpec withProtection(RedisDataProtection value) {
    return new RedisSpec(
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
        tls,
        aclUsers,
        passwordRotation,
        tuning,
        connectionSecret,
        network,
        extraMetadata,
        value);
  }

  /** This spec with TLS on or off. */
  public RedisSpec withTls(RedisTls value) {
    return new RedisSpec(
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
        value,
        aclUsers,
        passwordRotation,
        tuning,
        connectionSecret,
        network,
        extraMetadata,
        protection);
  }

  /** This spec with its ACL users and the schedule of its password rotation. */
  public RedisSpec withUsers(List<RedisAclUser> users, PasswordRotation rotation) {
    return new RedisSpec(
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
        tls,
        users,
        rotation,
        tuning,
        connectionSecret,
        network,
        extraMetadata,
        protection);
  }

  /** A storage class of "" or null means the cluster's default class. */
  public boolean hasStorageClass() {
    return storageClass != null && !storageClass.isEmpty();
  }

  public boolean highlyAvailable() {
    return replicas > 1;
  }
}
