package io.mooring.core.rediscluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.reconcile.ClusterSettlement;
import io.mooring.core.reconcile.RedisClusterHook;
import io.mooring.core.reconcile.RedisClusterShape;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisClusterOrchestrationTest {
  private static final AppRef APP = new AppRef(AppKind.REDIS, "shop", "sessions");

  @Test
  void inTheClusterPodsAreReachedByTheirStableNames() {
    NodeAddress address =
        RedisClusterOrchestration.inCluster("cluster.local", app -> app.name() + "-headless")
            .of(APP, 2, 1);

    assertThat(address)
        .isEqualTo(
            new NodeAddress("sessions-shard-2-1.sessions-headless.shop.svc.cluster.local", 6379));
  }

  @Test
  void aReconcilerThatCannotReachTheNodesLeavesTheClusterToTheDaemon() {
    ClusterSettlement settlement =
        RedisClusterHook.NOT_CONFIGURED.podsReady(
            APP, new RedisClusterShape(3, 1, List.of(2, 2, 2)));

    assertThat(settlement.state()).isEqualTo(ClusterSettlement.State.IN_PROGRESS);
    assertThat(settlement.line()).contains("the daemon arranges the cluster");
  }
}
