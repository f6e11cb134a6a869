package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mooring.core.render.redis.RedisUserSecret;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.RedisAclUser;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisEngine;
import io.mooring.core.spec.RedisPersistence;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.RedisTls;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.spec.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * When a sync of a Redis Cluster app asks its nodes to load the certificate of its Secret and to
 * take its ACL users: every node of every shard, once all of them are ready.
 */
class RedisClusterTlsAndUsersHooksTest {
  private static final AppRef APP = new AppRef(AppKind.REDIS_CLUSTER, "shop", "c");
  private static final RedisClusterSpec CLUSTER =
      new RedisClusterSpec(
          APP,
          SourceLocation.ofFile("apps/c.yaml"),
          Map.of(),
          3,
          1,
          ResourcePreset.DEFAULT.resources(),
          new Quantity("1Gi"),
          "",
          RedisEngine.DEFAULT,
          RedisPersistence.DEFAULT);
  private static final List<RedisAclUser> USERS =
      List.of(new RedisAclUser("app", "+@read", Optional.empty()));

  private final List<String> calls = new ArrayList<>();
  private final TlsReload reload =
      new TlsReload(
          new TlsReloadHook() {
            @Override
            public void reload(AppRef app, int replicas) {
              calls.add("redis " + app.name());
            }

            @Override
            public void reloadCluster(AppRef app, int masters, int nodesPerShard) {
              calls.add("reload " + app.name() + " " + masters + "x" + nodesPerShard);
            }
          });
  private final AclUsers users =
      new AclUsers(
          new AclUsersHook() {
            @Override
            public void apply(RedisSpec spec) {
              calls.add("redis " + spec.ref().name());
            }

            @Override
            public void applyCluster(RedisClusterSpec spec) {
              calls.add("users " + spec.ref().name() + " " + spec.aclUsers().size());
            }
          });

  /** The three shards' StatefulSets, shard {@code i} with {@code ready[i]} ready pods. */
  private static List<HasMetadata> shards(int... ready) {
    List<HasMetadata> live = new ArrayList<>();
    IntStream.range(0, ready.length)
        .forEach(
            shard ->
                live.add(
                    new StatefulSetBuilder()
                        .withNewMetadata()
                        .withName("c-shard-" + shard)
                        .withNamespace("shop")
                        .endMetadata()
                        .withNewStatus()
                        .withReadyReplicas(ready[shard])
                        .endStatus()
                        .build()));
    return live;
  }

  @Test
  void everyNodeOfAReadyTlsClusterIsCheckedOnEverySync() {
    RedisClusterSpec tls = CLUSTER.withTls(RedisTls.OWN_CA);

    assertThat(reload.apply(tls, List.of(), shards(2, 2, 2))).isNull();
    assertThat(reload.apply(tls, List.of(), shards(2, 2, 2))).isNull();

    assertThat(calls).containsExactly("reload c 3x2", "reload c 3x2");
  }

  @Test
  void aClusterWithAShardNotAllReadyOrWithoutTlsIsLeftAlone() {
    RedisClusterSpec tls = CLUSTER.withTls(RedisTls.OWN_CA);

    assertThat(reload.apply(tls, List.of(), shards(2, 1, 2))).isNull();
    assertThat(reload.apply(tls, List.of(), shards(2, 2))).isNull();
    assertThat(reload.apply(CLUSTER, List.of(), shards(2, 2, 2))).isNull();
    assertThat(users.apply(CLUSTER.withAclUsers(USERS), shards(2, 2, 1))).isNull();

    assertThat(calls).isEmpty();
  }

  @Test
  void aNodeStillOnTheOldCertificateOrRefusingAUserFailsTheSyncWithItsName() {
    TlsReload failingReload =
        new TlsReload(
            new TlsReloadHook() {
              @Override
              public void reload(AppRef app, int replicas) {}

              @Override
              public void reloadCluster(AppRef app, int masters, int nodesPerShard) {
                throw new IllegalStateException("c-shard-2-1 still serves another certificate");
              }
            });
    assertThat(failingReload.apply(CLUSTER.withTls(RedisTls.OWN_CA), List.of(), shards(2, 2, 2)))
        .isEqualTo("c-shard-2-1 still serves another certificate");

    AclUsers failingUsers =
        new AclUsers(
            new AclUsersHook() {
              @Override
              public void apply(RedisSpec spec) {}

              @Override
              public void applyCluster(RedisClusterSpec spec) {
                throw new IllegalStateException("c-shard-0-0 refused user app");
              }
            });
    assertThat(failingUsers.apply(CLUSTER.withAclUsers(USERS), shards(2, 2, 2)))
        .isEqualTo("c-shard-0-0 refused user app");
  }

  @Test
  void
      usersAreSetOnAReadyClusterAndRemovedWhenTheSpecDropsThemButAClusterThatNeverHadAnyCostsNothing() {
    List<HasMetadata> hadUsers = new ArrayList<>(shards(2, 2, 2));
    hadUsers.add(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("c-cluster-config")
            .withNamespace("shop")
            .endMetadata()
            .withData(Map.of(RedisUserSecret.USERS_FILE, "app +@read\n"))
            .build());

    assertThat(users.apply(CLUSTER.withAclUsers(USERS), shards(2, 2, 2))).isNull();
    assertThat(users.apply(CLUSTER, hadUsers)).isNull();
    assertThat(users.apply(CLUSTER, shards(2, 2, 2))).isNull();

    assertThat(calls).containsExactly("users c 1", "users c 0");
  }
}
