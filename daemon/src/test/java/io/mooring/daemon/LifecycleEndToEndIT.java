package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.core.testing.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A protected Redis with a Friday 23:00 window, through the whole daemon against the mock API: a
 * memory change waits for the window and is applied in it; removing the spec prunes nothing while
 * the app is protected, and the status says why.
 */
class LifecycleEndToEndIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String FILE = "shop/orders.yaml";

  @TempDir Path dir;
  private DaemonFixture fixture;

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void aDisruptiveChangeWaitsForTheWindowAndAProtectedAppIsNotPruned() throws Exception {
    fixture =
        DaemonFixture.withFiles(
            dir,
            Map.of(
                FILE,
                orders("1Gi"),
                "shop/cart.yaml",
                ConfigRepository.smallRedis("shop", "cart"),
                "shop/search.yaml",
                ConfigRepository.smallRedis("shop", "search")));
    ConfigRepository repo = fixture.repo();
    KubernetesClient kube = fixture.kube();
    MovableClock clock = new MovableClock(Instant.parse("2026-12-02T12:00:00Z"));
    Daemon daemon =
        fixture.start(
            "data",
            config -> config.resyncInterval(Duration.ofSeconds(1)),
            LifecycleTestDialect.parser(),
            clock);
    DaemonClient http = new DaemonClient(daemon.port());
    await("the first sync is done")
        .atMost(PATIENCE)
        .until(() -> http.get("readyz").statusCode() == 200 && memory(kube) != null);
    assertThat(memory(kube)).isEqualTo("1Gi");

    push(http, repo, repo.commit(FILE, orders("2Gi"), "More memory for orders"));
    await("the memory change waits for the window")
        .atMost(PATIENCE)
        .until(() -> "waiting".equals(status(http).path("status").asText()));
    assertThat(status(http).path("message").asText())
        .startsWith("Waiting for maintenance window 2026-12-04T23:00:00Z");
    assertThat(http.metricOrZero("mooring_maintenance_deferred_changes", "app=\"orders\""))
        .isPositive();
    assertThat(memory(kube)).isEqualTo("1Gi");

    clock.set(Instant.parse("2026-12-04T23:05:00Z"));
    await("the change is applied in the window")
        .atMost(PATIENCE)
        .until(() -> "2Gi".equals(memory(kube)));
    await("the app is synced")
        .atMost(PATIENCE)
        .until(() -> "synced".equals(status(http).path("status").asText()));
    assertThat(http.metricOrZero("mooring_maintenance_deferred_changes", "app=\"orders\""))
        .isZero();

    fixture.api().resetCounts();
    push(http, repo, repo.delete(List.of(FILE), "Remove orders"));
    await("the removal is blocked by termination protection")
        .atMost(PATIENCE)
        .until(() -> "blocked".equals(status(http).path("status").asText()));
    assertThat(status(http).path("errors").get(0).asText())
        .startsWith("Blocked: termination protection");
    assertThat(http.metricOrZero("mooring_prune_blocked", "app=\"orders\"")).isEqualTo(1);
    assertThat(http.get("").body()).contains("Blocked: termination protection");
    assertThat(fixture.api().requests("DELETE")).isZero();
    assertThat(kube.apps().statefulSets().inNamespace("shop").withName("orders-redis").get())
        .isNotNull();
  }

  private static String orders(String memory) {
    return """
        apiVersion: apps.cozystack.io/v1alpha1
        kind: Redis
        metadata:
          name: orders
          namespace: shop
          annotations:
            %s: "true"
            %s: "friday 23:00"
        spec:
          replicas: 1
          resources:
            cpu: 500m
            memory: %s
        """
        .formatted(LifecycleTestDialect.PROTECTED, LifecycleTestDialect.WINDOW, memory);
  }

  private static JsonNode status(DaemonClient http) {
    return http.json("api/v1/apps/redis/shop/orders");
  }

  private static String memory(KubernetesClient kube) {
    StatefulSet set = kube.apps().statefulSets().inNamespace("shop").withName("orders-redis").get();
    if (set == null) {
      return null;
    }
    return set.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getResources()
        .getLimits()
        .get("memory")
        .toString();
  }

  private static void push(DaemonClient http, ConfigRepository repo, String commit) {
    assertThat(
            http.githubPush(
                    repo.url(), "refs/heads/main", commit, false, TestDaemonConfig.GITHUB_SECRET)
                .statusCode())
        .isEqualTo(202);
  }
}
