package io.mooring.chart;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.mooring.daemon.ConfigRepository;
import io.mooring.daemon.Daemon;
import io.mooring.daemon.DaemonClient;
import io.mooring.daemon.DaemonFixture;
import io.mooring.daemon.TestDaemonConfig;
import io.mooring.sandbox.ApplyingMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The permissions Mooring's code asks the API for, recorded rather than listed by hand: two
 * replicas with leader election sync every example, heal a hand edit, grow a volume (which
 * re-creates a StatefulSet), take a push on the standby, prune every app, and hand the Lease over.
 * Each request they send to the mock API becomes the {@link ApiPermission} it needs.
 */
final class RecordedDaemonCalls {
  static final String TEST_AGENT = "mooring-chart-test";
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String CACHE_FILE = "default/redis-replicated.yaml";
  private static final String SCRATCH =
      """
      apiVersion: apps.cozystack.io/v1alpha1
      kind: Redis
      metadata:
        name: scratch
        namespace: default
        annotations:
          mooring.io/delete-data-on-removal: "true"
      spec:
        replicas: 1
      """;

  private RecordedDaemonCalls() {}

  static Set<ApiPermission> ofACycle(Path dir) throws Exception {
    try (DaemonFixture fixture = DaemonFixture.create(dir);
        KubernetesClient person =
            new KubernetesClientBuilder()
                .withConfig(
                    new ConfigBuilder(fixture.kube().getConfiguration())
                        .withUserAgent(TEST_AGENT)
                        .build())
                .build()) {
      ConfigRepository repo = fixture.repo();
      List<Daemon> both =
          List.of(
              fixture.start("first", RecordedDaemonCalls::replica),
              fixture.start("second", RecordedDaemonCalls::replica));
      await("a leader synced the examples")
          .atMost(PATIENCE)
          .until(
              () ->
                  both.stream().filter(Daemon::isLeader).count() == 1
                      && both.stream().allMatch(Daemon::ready)
                      && both.stream().anyMatch(d -> d.apps().size() > 5)
                      && both.stream().allMatch(Daemon::settled));
      Daemon leader = both.stream().filter(Daemon::isLeader).findFirst().orElseThrow();
      Daemon standby = both.get(0) == leader ? both.get(1) : both.get(0);
      String first = repo.tip();

      // A hand edit, healed.
      person
          .apps()
          .statefulSets()
          .inNamespace("default")
          .withName("cache-redis")
          .edit(set -> edit(set, 1));
      await("the hand edit healed")
          .atMost(PATIENCE)
          .until(() -> replicas(person) == 3 && leader.settled());

      // A bigger volume: the StatefulSet is deleted (orphaning its pods) and applied again. The
      // push
      // reaches the standby, which forwards it.
      String grown =
          repo.commit(
              CACHE_FILE,
              ConfigRepository.example(CACHE_FILE).replace("size: 2Gi", "size: 3Gi"),
              "Grow the cache's volume");
      new DaemonClient(standby.webhookPort())
          .githubPush(repo.url(), "refs/heads/main", grown, false, TestDaemonConfig.GITHUB_SECRET);
      await("the volume grew").atMost(PATIENCE).until(() -> claimSize(person).equals("3Gi"));

      // An app whose spec opts in to deleting its data: its credentials go with it.
      String scratch = repo.commit("default/scratch.yaml", SCRATCH, "A scratch cache");
      new DaemonClient(leader.webhookPort())
          .githubPush(
              repo.url(), "refs/heads/main", scratch, false, TestDaemonConfig.GITHUB_SECRET);
      await("the scratch cache applied")
          .atMost(PATIENCE)
          .until(
              () ->
                  leader.apps().stream().anyMatch(app -> app.name().equals("scratch"))
                      && leader.settled());

      // Every spec removed, the prune allowed past the mass-prune guard.
      List<String> everything = new java.util.ArrayList<>(ConfigRepository.allExamples());
      everything.add("default/scratch.yaml");
      String removal =
          repo.commit(
              java.util.Map.of(),
              everything,
              "Remove every app\n\nmooring.io/allow-prune: "
                  + first
                  + "\nmooring.io/allow-prune: "
                  + grown
                  + "\nmooring.io/allow-prune: "
                  + scratch);
      new DaemonClient(leader.webhookPort())
          .githubPush(
              repo.url(), "refs/heads/main", removal, false, TestDaemonConfig.GITHUB_SECRET);
      await("every app pruned")
          .atMost(PATIENCE)
          .until(() -> replicas(person) == -1 && leader.settled() && leader.apps().isEmpty());

      leader.close();
      await("the standby took over").atMost(PATIENCE).until(standby::isLeader);

      Set<ApiPermission> used = new TreeSet<>();
      for (ApplyingMockServer.Request request : fixture.api().requestLog()) {
        if (!TEST_AGENT.equals(request.userAgent())) {
          ApiPermission.of(request).ifPresent(used::add);
          // A real API server authorises an apply that creates the object as create too.
          if (request.isApply()) {
            ApiPermission.of(request)
                .map(p -> new ApiPermission(p.group(), p.resource(), "create"))
                .ifPresent(used::add);
          }
        }
      }
      return used;
    }
  }

  private static TestDaemonConfig replica(TestDaemonConfig config) {
    return config
        .leaderElection(Duration.ofSeconds(5))
        .leaseName(HelmChart.RELEASE + "-leader")
        .webhookPort(0);
  }

  private static StatefulSet edit(StatefulSet set, int replicas) {
    set.getSpec().setReplicas(replicas);
    return set;
  }

  private static int replicas(KubernetesClient kube) {
    StatefulSet set =
        kube.apps().statefulSets().inNamespace("default").withName("cache-redis").get();
    return set == null ? -1 : set.getSpec().getReplicas();
  }

  private static String claimSize(KubernetesClient kube) {
    StatefulSet set =
        kube.apps().statefulSets().inNamespace("default").withName("cache-redis").get();
    if (set == null || set.getSpec().getVolumeClaimTemplates() == null) {
      return "";
    }
    return set.getSpec().getVolumeClaimTemplates().stream()
        .map(claim -> claim.getSpec().getResources().getRequests().get("storage").toString())
        .findFirst()
        .orElse("");
  }
}
