package io.mooring.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mooring.core.rediscluster.ClusterNodesParser;
import io.mooring.core.rediscluster.LiveCluster;
import io.mooring.core.rediscluster.NodeAddress;
import io.mooring.core.rediscluster.NodeReport;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisClusterMetricsTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void aStuckMoveShowsAsAMigratingSlotAndACoveredCluster() {
    String a = "a".repeat(40);
    String b = "b".repeat(40);
    NodeReport first =
        new NodeReport(
            new NodeAddress("10.0.0.1", 6379),
            "10.0.0.1",
            null,
            ClusterNodesParser.parse(
                a
                    + " 10.0.0.1:6379@16379 myself,master - 0 0 1 connected 0-8191 [77->-"
                    + b
                    + "]\n"
                    + b
                    + " 10.0.0.2:6379@16379 master - 0 0 2 connected 8192-16383\n"),
            true,
            5);
    NodeReport second =
        new NodeReport(
            new NodeAddress("10.0.0.2", 6379),
            "10.0.0.2",
            null,
            ClusterNodesParser.parse(
                b
                    + " 10.0.0.2:6379@16379 myself,master - 0 0 2 connected 8192-16383\n"
                    + a
                    + " 10.0.0.1:6379@16379 master - 0 0 1 connected 0-8191\n"),
            false,
            5);
    new RedisClusterMetrics(registry)
        .observed(
            new AppRef(AppKind.REDIS, "shop", "sessions"), new LiveCluster(List.of(first, second)));

    String scrape = registry.scrape();
    String labels = "{app=\"sessions\",kind=\"redis\",namespace=\"shop\"}";
    assertThat(scrape)
        .contains("mooring_redis_cluster_slots_assigned" + labels + " 16384")
        .contains("mooring_redis_cluster_slots_migrating" + labels + " 1")
        .contains("mooring_redis_cluster_state_ok" + labels + " 0");
  }
}
