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

  /** Every hook off: what the Kubernetes objects cannot do is left recorded for the daemon. */
  public static final ServerHooks NONE =
      new ServerHooks(
          ScaleDownHook.NOT_CONFIGURED,
          PodRollHook.NOT_CONFIGURED,
          ServerAssetsHook.NOT_CONFIGURED,
          MigrationHook.NOT_CONFIGURED,
          LiveSettingsHook.NOT_CONFIGURED,
          RedisClusterHook.NOT_CONFIGURED,
          TlsReloadHook.NOT_CONFIGURED,
          AclUsersHook.NOT_CONFIGURED,
          PasswordRotationHook.NOT_CONFIGURED);

  public ServerHooks withScaleDown(ScaleDownHook hook) {
    return new Copy(this).scaleDown(hook).build();
  }

  public ServerHooks withRoll(PodRollHook hook) {
    return new Copy(this).roll(hook).build();
  }

  public ServerHooks withServerAssets(ServerAssetsHook hook) {
    return new Copy(this).serverAssets(hook).build();
  }

  public ServerHooks withMigration(MigrationHook hook) {
    return new Copy(this).migration(hook).build();
  }

  public ServerHooks withLiveSettings(LiveSettingsHook hook) {
    return new Copy(this).liveSettings(hook).build();
  }

  public ServerHooks withRedisCluster(RedisClusterHook hook) {
    return new Copy(this).redisCluster(hook).build();
  }

  public ServerHooks withTlsReload(TlsReloadHook hook) {
    return new Copy(this).tlsReload(hook).build();
  }

  public ServerHooks withAclUsers(AclUsersHook hook) {
    return new Copy(this).aclUsers(hook).build();
  }

  public ServerHooks withPasswordRotation(PasswordRotationHook hook) {
    return new Copy(this).passwordRotation(hook).build();
  }

  /** A copy with one hook changed: each wither names only its own. */
  private static final class Copy {
    private ScaleDownHook scaleDown;
    private PodRollHook roll;
    private ServerAssetsHook serverAssets;
    private MigrationHook migration;
    private LiveSettingsHook liveSettings;
    private RedisClusterHook redisCluster;
    private TlsReloadHook tlsReload;
    private AclUsersHook aclUsers;
    private PasswordRotationHook passwordRotation;

    Copy(ServerHooks hooks) {
      scaleDown = hooks.scaleDown;
      roll = hooks.roll;
      serverAssets = hooks.serverAssets;
      migration = hooks.migration;
      liveSettings = hooks.liveSettings;
      redisCluster = hooks.redisCluster;
      tlsReload = hooks.tlsReload;
      aclUsers = hooks.aclUsers;
      passwordRotation = hooks.passwordRotation;
    }

    Copy scaleDown(ScaleDownHook hook) {
      scaleDown = hook;
      return this;
    }

    Copy roll(PodRollHook hook) {
      roll = hook;
      return this;
    }

    Copy serverAssets(ServerAssetsHook hook) {
      serverAssets = hook;
      return this;
    }

    Copy migration(MigrationHook hook) {
      migration = hook;
      return this;
    }

    Copy liveSettings(LiveSettingsHook hook) {
      liveSettings = hook;
      return this;
    }

    Copy redisCluster(RedisClusterHook hook) {
      redisCluster = hook;
      return this;
    }

    Copy tlsReload(TlsReloadHook hook) {
      tlsReload = hook;
      return this;
    }

    Copy aclUsers(AclUsersHook hook) {
      aclUsers = hook;
      return this;
    }

    Copy passwordRotation(PasswordRotationHook hook) {
      passwordRotation = hook;
      return this;
    }

    ServerHooks build() {
      return new ServerHooks(
          scaleDown,
          roll,
          serverAssets,
          migration,
          liveSettings,
          redisCluster,
          tlsReload,
          aclUsers,
          passwordRotation);
    }
  }
}
