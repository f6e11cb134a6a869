package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mooring.sandbox.ApplyingMockServer;
import io.mooring.sandbox.FaultPlan;
import io.mooring.sandbox.FaultProxy;
import io.mooring.sandbox.RandomFaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon against an API that fails on purpose: errors, throttling, conflicts, slow answers,
 * resets before and after the server acted, watch streams cut and resumed watches told their
 * version is gone (a random plan with a fixed seed, so that a failure can be replayed). While the
 * faults last, a push arrives and objects are edited by hand; once they stop, every app must reach
 * its commit within one resync, nothing git declares may have been deleted, and the daemon's count
 * of API answers must match what the proxy injected.
 */
class ApiFaultsEndToEndIT {
  private static final Duration PATIENCE = Duration.ofMinutes(2);
  private static final Duration RESYNC = Duration.ofSeconds(3);
  private static final int APPS = 6;
  private static final long SEED = 20261130L;

  @TempDir Path dir;
  private DaemonFixture fixture;
  private FaultProxy proxy;

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void afterTheFaultsStopEveryAppConvergesAndNothingDeclaredIsDeleted() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < APPS; i++) {
      files.put(
          "team-" + (i % 3) + "/cache-" + i + ".yaml", small("team-" + (i % 3), "cache-" + i, 1));
    }
    fixture = DaemonFixture.withFiles(dir, files);
    ApplyingMockServer api = fixture.api();
    KubernetesClient kube = fixture.kube();
    proxy = new FaultProxy(api.url());
    proxy.plan(new RandomFaults(SEED, 0.3));
    Daemon daemon = fixture.startThrough(proxy, "data", config -> config.resyncInterval(RESYNC));
    DaemonClient http = new DaemonClient(daemon.port());

    await("the faults have met writes and watches")
        .atMost(PATIENCE)
        .until(() -> injected() >= 25 && proxy.count("close-stream") >= 1);
    String pushed =
        fixture.repo().commit("team-0/cache-0.yaml", small("team-0", "cache-0", 2), "2 replicas");
    http.githubPush(
        fixture.repo().url(), "refs/heads/main", pushed, false, TestDaemonConfig.GITHUB_SECRET);
    await("cache-1 exists to be edited by hand")
        .atMost(PATIENCE)
        .until(() -> statefulSet(kube, "team-1", "cache-1-redis") != null);
    kube.apps()
        .statefulSets()
        .inNamespace("team-1")
        .withName("cache-1-redis")
        .edit(set -> withReplicas(set, 5));
    long injectedBefore = injected();
    // A daemon that has converged asks the API little; more hand edits keep it writing until the
    // faults have met enough of its requests.
    AtomicInteger edits = new AtomicInteger();
    await("more faults after the push and the edits")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              if (injected() >= injectedBefore + 12) {
                return true;
              }
              editByHand(kube, edits.incrementAndGet());
              return false;
            });

    proxy.plan(FaultPlan.NONE);
    long syncsWhenFaultsStopped = daemon.completedSyncs();
    await("every app at the pushed commit, synced, the hand edit healed")
        .atMost(PATIENCE)
        .until(() -> converged(http, kube, pushed));

    assertThat(daemon.completedSyncs() - syncsWhenFaultsStopped)
        .as("syncs after the faults stopped (one in flight, one resync)")
        .isLessThanOrEqualTo(2);
    assertThat(api.writeLog())
        .as("deletes while every app stayed in git")
        .noneMatch(write -> write.verb().equals("DELETE"));
    for (String code : List.of("500", "503", "429", "409")) {
      assertThat(http.metricOrZero("mooring_api_requests_total", "code=\"" + code + "\""))
          .as("answers with %s counted by the daemon", code)
          .isEqualTo((double) proxy.count(code));
    }
    JsonNode shown = http.json("api/v1/apps").path("daemon").path("apiAnswers");
    assertThat(shown.path("503").asLong())
        .as("throttling and errors shown in the status")
        .isEqualTo(proxy.count("503"));
  }

  private long injected() {
    return proxy.counts().entrySet().stream()
        .filter(e -> !e.getKey().equals("pass") && !e.getKey().equals("close-stream"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  private static boolean converged(DaemonClient http, KubernetesClient kube, String commit) {
    JsonNode apps = http.json("api/v1/apps").path("apps");
    if (apps.size() != APPS) {
      return false;
    }
    for (JsonNode app : apps) {
      if (!app.path("status").asText().equals("synced")
          || !app.path("revision").asText().equals(commit)) {
        return false;
      }
    }
    StatefulSet pushed = statefulSet(kube, "team-0", "cache-0-redis");
    StatefulSet edited = statefulSet(kube, "team-1", "cache-1-redis");
    return pushed != null
        && pushed.getSpec().getReplicas() == 2
        && edited != null
        && edited.getSpec().getReplicas() == 1;
  }

  /** Sets the replicas of one of the apps' StatefulSets by hand, past the API's faults. */
  private static void editByHand(KubernetesClient kube, int edit) {
    int app = edit % APPS;
    try {
      kube.apps()
          .statefulSets()
          .inNamespace("team-" + (app % 3))
          .withName("cache-" + app + "-redis")
          .edit(set -> withReplicas(set, 3 + edit % 4));
    } catch (KubernetesClientException e) {
      // The test's own client goes straight to the API; a conflict with the daemon's heal is fine.
    }
  }

  private static StatefulSet statefulSet(KubernetesClient kube, String namespace, String name) {
    return kube.apps().statefulSets().inNamespace(namespace).withName(name).get();
  }

  private static StatefulSet withReplicas(StatefulSet set, int replicas) {
    set.getSpec().setReplicas(replicas);
    return set;
  }

  private static String small(String namespace, String name, int replicas) {
    return ConfigRepository.smallRedis(namespace, name)
        .replace("replicas: 1", "replicas: " + replicas);
  }
}
