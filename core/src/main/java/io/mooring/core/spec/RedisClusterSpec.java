package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/**
 * A sharded Redis Cluster in canonical form (the Hera operator's {@code cache.hera.io/v1alpha1
 * RedisCluster} maps onto it): {@code masters} shards, each a master with {@code replicasPerMaster}
 * replicas, the 16384 hash slots spread over the masters. Authentication is always on. Every node
 * gets {@code resources} and, with persistence, a volume of {@code size}. With {@code tls} every
 * node serves, replicates and talks on the cluster bus over TLS only; {@code aclUsers} are set on
 * every node of every shard, and {@code passwordRotation} rotates the app's and the users'
 * passwords on every node of every shard.
 */
public record RedisClusterSpec(
    AppRef ref,
    SourceLocation source,
    Map<String, String> annotations,
    int masters,
    int replicasPerMaster,
    ComputeResources resources,
    Quantity size,
    String storageClass,
    RedisEngine engine,
    RedisPersistence persistence,
    RedisDataProtection protection,
    RedisTls tls,
    List<RedisAclUser> aclUsers,
    PasswordRotation passwordRotation)
    implements AppSpec {

  /** Redis Cluster needs a majority of masters to agree on a failover: three is the least. */
  public static final int MIN_MASTERS = 3;

  /**
   * Shard numbers stay within two digits, which {@code AppKind.REDIS_CLUSTER.maxNameLength()} is
   * computed for; a hundred masters is well past what one cluster of this kind is run with.
   */
  public static final int MAX_MASTERS = 100;

  /** Redis Cluster is designed for up to 1000 nodes; beyond that its gossip grows too costly. */
  public static final int MAX_NODES = 1000;

  public RedisClusterSpec {
    annotations = Map.copyOf(annotations);
    aclUsers = List.copyOf(aclUsers);
  }

  /** A cluster whose passwords rotate only on demand. */
  public RedisClusterSpec(
      AppRef ref,
      SourceLocation source,
      Map<String, String> annotations,
      int masters,
      int replicasPerMaster,
      ComputeResources resources,
      Quantity size,
      String storageClass,
      RedisEngine engine,
      RedisPersistence persistence,
      RedisDataProtection protection,
      RedisTls tls,
      List<RedisAclUser> aclUsers) {
    this(
        ref,
        source,
        annotations,
        masters,
        replicasPerMaster,
        resources,
        size,
        storageClass,
        engine,
        persistence,
        protection,
        tls,
        aclUsers,
        PasswordRotation.ON_DEMAND);
  }

  /** A cluster without TLS and without ACL users. */
  public RedisClusterSpec(
      AppRef ref,
      SourceLocation source,
      Map<String, String> annotations,
      int masters,
      int replicasPerMaster,
      ComputeResources resources,
      Quantity size,
      String storageClass,
      RedisEngine engine,
      RedisPersistence persistence,
      RedisDataProtection protection) {
    this(
        ref,
        source,
        annotations,
        masters,
        replicasPerMaster,
        resources,
        size,
        storageClass,
        engine,
        persistence,
        protection,
        RedisTls.DISABLED,
        List.of());
  }

  /**
   * {@code <app>-cluster-conn} with {@code REDIS_} keys: the client Service as the first contact,
   * from which cluster-aware clients discover the nodes themselves.
   */
  @Override
  public ConnectionSecret connectionSecret() {
    return ConnectionSecret.named(ref.name() + "-cluster-conn", "REDIS_");
  }

  /** A cluster without backups that starts empty. */
  public RedisClusterSpec(
      AppRef ref,
      SourceLocation source,
      Map<String, String> annotations,
      int masters,
      int replicasPerMaster,
      ComputeResources resources,
      Quantity size,
      String storageClass,
      RedisEngine engine,
      RedisPersistence persistence) {
    this(
        ref,
        source,
        annotations,
        masters,
        replicasPerMaster,
        resources,
        size,
        storageClass,
        engine,
        persistence,
        RedisDataProtection.NONE);
  }

  /** This spec with TLS on or off. */
  public RedisClusterSpec withTls(RedisTls value) {
    return withUsersAndTls(value, aclUsers);
  }

  /** This spec with its ACL users. */
  public RedisClusterSpec withAclUsers(List<RedisAclUser> users) {
    return withUsersAndTls(tls, users);
  }

  /** This spec with its password rotation policy. */
  public RedisClusterSpec withPasswordRotation(PasswordRotation rotation) {
    return new RedisClusterSpec(
        ref,
        source,
        annotations,
        masters,
        replicasPerMaster,
        resources,
        size,
        storageClass,
        engine,
        persistence,
        protection,
        tls,
        aclUsers,
        rotation);
  }

  private RedisClusterSpec withUsersAndTls(RedisTls newTls, List<RedisAclUser> users) {
    return new RedisClusterSpec(
        ref,
        source,
        annotations,
        masters,
        replicasPerMaster,
        resources,
        size,
        storageClass,
        engine,
        persistence,
        protection,
        newTls,
        users,
        passwordRotation);
  }

  /** A master and its replicas: the pods of one shard. */
  public int nodesPerShard() {
    return 1 + replicasPerMaster;
  }

  public int nodes() {
    return masters * nodesPerShard();
  }

  /** A storage class of "" or null means the cluster's default class. */
  public boolean hasStorageClass() {
    return storageClass != null && !storageClass.isEmpty();
  }
}
