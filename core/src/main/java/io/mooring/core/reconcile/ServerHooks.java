package io.mooring.core.reconcile;

/**
 * How the reconciler reaches the servers of the apps it writes, for what the Kubernetes objects
 * alone cannot do. A reconciler outside the cluster (the CLI) has {@link #NONE}: each hook then
 * leaves its work recorded for the daemon.
 *
 * @param scaleDown told which servers left after a StatefulSet was scaled down (NATS: the meta
 *     group)
 * @param roll rolls the pods of {@code OnDelete} StatefulSets (Redis with Sentinels) in order
 * @param serverAssets keeps what the servers hold themselves (NATS: JetStream assets), once the
 *     app's pods are ready
 * @param migration takes the next step of a Redis app's migration by replication
 * @param liveSettings applies the runtime settings of a changed Redis config to the running pods
 * @param redisCluster brings a Redis Cluster's slots, replicas and members to the spec, once the
 *     app's pods are ready
 * @param tlsReload makes the servers of a Redis or Redis Cluster app with TLS serve the certificate
 *     of its Secret
 * @param aclUsers brings the ACL users of a Redis or Redis Cluster app's running servers to the
 *     spec
 * @param passwordRotation takes the due steps of a Redis app's password rotation
 */
public record ServerHooks(
    ScaleDownHook scaleDown,
    PodRollHook roll,
    ServerAssetsHook serverAssets,
    MigrationHook migration,
    LiveSettingsHook liveSettings,
    RedisClusterHook redisCluster,
    TlsReloadHook tlsReload,
    AclUsersHook aclUsers,
    PasswordRotationHook passwordRotation) {

  public static final ServerHooks NONE =
      new ServerHooks(
          ScaleDownHook.NOT_CONFIGURED,
          PodRollHook.NOT_CONFIGURED,
          ServerAssetsHook.NOT_CONFIGURED,
          MigrationHook.NOT_CONFIGURED,
          LiveSettingsHook.NOT_CONFIGURED,
          RedisClusterHook.NOT_CONFIGURED);

  /** Hooks without TLS reload and live ACL users: those wait for the pods' next start. */
  public ServerHooks(
      ScaleDownHook scaleDown,
      PodRollHook roll,
      ServerAssetsHook serverAssets,
      MigrationHook migration,
      LiveSettingsHook liveSettings,
      RedisClusterHook redisCluster) {
    this(
        scaleDown,
        roll,
        serverAssets,
        migration,
        liveSettings,
        redisCluster,
        TlsReloadHook.NOT_CONFIGURED,
        AclUsersHook.NOT_CONFIGURED);
  }

  /** Hooks without password rotation: no rotation is started. */
  public ServerHooks(
      ScaleDownHook scaleDown,
      PodRollHook roll,
      ServerAssetsHook serverAssets,
      MigrationHook migration,
      LiveSettingsHook liveSettings,
      RedisClusterHook redisCluster,
      TlsReloadHook tlsReload,
      AclUsersHook aclUsers) {
    this(
        scaleDown,
        roll,
        serverAssets,
        migration,
        liveSettings,
        redisCluster,
        tlsReload,
        aclUsers,
        PasswordRotationHook.NOT_CONFIGURED);
  }

  public ServerHooks withScaleDown(ScaleDownHook hook) {
    return new ServerHooks(
        hook,
        roll,
        serverAssets,
        migration,
        liveSettings,
        redisCluster,
        tlsReload,
        aclUsers,
        passwordRotation);
  }

  public ServerHooks withRoll(PodRollHook hook) {
    return new ServerHooks(
        scaleDown,
        hook,
        serverAssets,
        migration,
        liveSettings,
        redisCluster,
        tlsReload,
        aclUsers,
        passwordRotation);
  }

  public ServerHooks withServerAssets(ServerAssetsHook hook) {
    return new ServerHooks(
        scaleDown,
        roll,
        hook,
        migration,
        liveSettings,
        redisCluster,
        tlsReload,
        aclUsers,
        passwordRotation);
  }

  public ServerHooks withMigration(MigrationHook hook) {
    return new ServerHooks(
        scaleDown,
        roll,
        serverAssets,
        hook,
        liveSettings,
        redisCluster,
        tlsReload,
        aclUsers,
        passwordRotation);
  }

  public ServerHooks withLiveSettings(LiveSettingsHook hook) {
    return new ServerHooks(
        scaleDown,
        roll,
        serverAssets,
        migration,
        hook,
        redisCluster,
        tlsReload,
        aclUsers,
        passwordRotation);
  }

  public ServerHooks withRedisCluster(RedisClusterHook hook) {
    return new ServerHooks(
        scaleDown,
        roll,
        serverAssets,
        migration,
        liveSettings,
        hook,
        tlsReload,
        aclUsers,
        passwordRotation);
  }

  public ServerHooks withTlsReload(TlsReloadHook hook) {
    return new ServerHooks(
        scaleDown,
        roll,
        serverAssets,
        migration,
        liveSettings,
        redisCluster,
        hook,
        aclUsers,
        passwordRotation);
  }

  public ServerHooks withPasswordRotation(PasswordRotationHook hook) {
    return new ServerHooks(
        scaleDown,
        roll,
        serverAssets,
        migration,
        liveSettings,
        redisCluster,
        tlsReload,
        aclUsers,
        hook);
  }

  public ServerHooks withAclUsers(AclUsersHook hook) {
    return new ServerHooks(
        scaleDown,
        roll,
        serverAssets,
        migration,
        liveSettings,
        redisCluster,
        tlsReload,
        hook,
        passwordRotation);
  }
}
