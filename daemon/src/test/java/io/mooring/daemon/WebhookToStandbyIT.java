package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas on one API behind one webhook Service: whichever replica a push reaches, the leader
 * applies it (the standby forwards it through the API), and the state the leader keeps beside its
 * Lease outlives a failover.
 */
class WebhookToStandbyIT {
  private static final String CACHE_FILE = "default/redis-replicated.yaml";
  private static final Duration LEASE = Duration.ofSeconds(5);
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String LEASE_NAME = "release-a-mooring";

  @TempDir Path dir;
  private DaemonFixture fixture;

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void aPushSentToTheStandbyIsAppliedByTheLeader() throws Exception {
    fixture = DaemonFixture.create(dir, CACHE_FILE);
    List<Daemon> both = startTwo(DaemonConfig.Mode.APPLY);
    Daemon leader = both.stream().filter(Daemon::isLeader).findFirst().orElseThrow();
    Daemon standby = both.get(0) == leader ? both.get(1) : both.get(0);
    ConfigRepository repo = fixture.repo();

    String commit =
        repo.commit(
            CACHE_FILE,
            ConfigRepository.example(CACHE_FILE).replace("replicas: 3", "replicas: 4"),
            "4 replicas");
    DaemonClient standbyHooks = new DaemonClient(standby.webhookPort());
    assertThat(
            standbyHooks
                .githubPush(
                    repo.url(), "refs/heads/main", commit, false, TestDaemonConfig.GITHUB_SECRET)
                .statusCode())
        .isEqualTo(202);

    // Only the webhook reaches the leader: polls and resyncs are an hour away.
    await("the leader applied the push the standby received")
        .atMost(PATIENCE)
        .until(() -> replicas(fixture.kube()) == 4);
    await("the leader records the push as applied, at the pushed commit")
        .atMost(PATIENCE)
        .until(
            () ->
                new DaemonClient(leader.port())
                        .metricOrZero(
                            "mooring_app_revision_info", "app=\"cache\"", "revision=\"" + commit)
                    == 1);
    assertThat(standby.apps()).as("the standby reconciles nothing").isEmpty();
    assertThat(
            new DaemonClient(leader.port()).metricOrZero("mooring_push_to_applied_seconds_count"))
        .isEqualTo(1);

    // The same push on the leader's own webhook port works as before.
    String next =
        repo.commit(
            CACHE_FILE,
            ConfigRepository.example(CACHE_FILE).replace("replicas: 3", "replicas: 5"),
            "5 replicas");
    assertThat(
            new DaemonClient(leader.webhookPort())
                .githubPush(
                    repo.url(), "refs/heads/main", next, false, TestDaemonConfig.GITHUB_SECRET)
                .statusCode())
        .isEqualTo(202);
    await("the leader applied the push it received")
        .atMost(PATIENCE)
        .until(() -> replicas(fixture.kube()) == 5);
  }

  @Test
  void webhooksAndStatusAreServedOnSeparatePorts() throws Exception {
    fixture = DaemonFixture.create(dir, CACHE_FILE);
    Daemon daemon = fixture.start("only", config -> config.webhookPort(0).leaseName(LEASE_NAME));
    await().atMost(PATIENCE).until(daemon::ready);

    assertThat(daemon.webhookPort()).isNotEqualTo(daemon.port());
    DaemonClient status = new DaemonClient(daemon.port());
    DaemonClient hooks = new DaemonClient(daemon.webhookPort());
    assertThat(status.get("metrics").statusCode()).isEqualTo(200);
    assertThat(hooks.get("metrics").statusCode())
        .as("metrics are not on the port exposed to git hosts")
        .isEqualTo(404);
    assertThat(hooks.get("api/v1/apps").statusCode()).isEqualTo(404);
    assertThat(
            status
                .githubPush(
                    fixture.repo().url(),
                    "refs/heads/main",
                    fixture.repo().tip(),
                    false,
                    TestDaemonConfig.GITHUB_SECRET)
                .statusCode())
        .as("no webhook on the status port")
        .isIn(404, 405);
  }

  @Test
  void theDriftStartOutlivesAFailover() throws Exception {
    fixture = DaemonFixture.create(dir, CACHE_FILE);
    List<Daemon> both = startTwo(DaemonConfig.Mode.OBSERVE);
    Daemon leader = both.stream().filter(Daemon::isLeader).findFirst().orElseThrow();
    Daemon standby = both.get(0) == leader ? both.get(1) : both.get(0);
    KubernetesClient kube = fixture.kube();

    // Observe mode applied nothing: the missing objects are the drift. The first leader saw it at
    // startup; a hand-made StatefulSet does not change that.
    String key = ConfigMapDriftStarts.key(new AppRef(AppKind.REDIS, "default", "cache"));
    await("the leader recorded when the drift began")
        .atMost(PATIENCE)
        .until(() -> driftStart(kube, key) != null);
    String start = driftStart(kube, key);
    double seen =
        new DaemonClient(leader.port())
            .metricOrZero("mooring_app_drift_since_timestamp_seconds", "app=\"cache\"");
    assertThat((long) seen).isEqualTo(Long.parseLong(start));

    leader.close();
    await("the standby took over and resynced")
        .atMost(PATIENCE)
        .until(() -> standby.isLeader() && standby.apps().size() == 1 && standby.settled());

    assertThat(
            (long)
                new DaemonClient(standby.port())
                    .metricOrZero("mooring_app_drift_since_timestamp_seconds", "app=\"cache\""))
        .as("the new leader carries on the drift's age")
        .isEqualTo(Long.parseLong(start));
  }

  private List<Daemon> startTwo(DaemonConfig.Mode mode) {
    Daemon first =
        fixture.start(
            "first",
            config -> config.mode(mode).leaderElection(LEASE).leaseName(LEASE_NAME).webhookPort(0));
    Daemon second =
        fixture.start(
            "second",
            config -> config.mode(mode).leaderElection(LEASE).leaseName(LEASE_NAME).webhookPort(0));
    List<Daemon> both = List.of(first, second);
    await("one leader elected, synced")
        .atMost(PATIENCE)
        .until(
            () ->
                both.stream().filter(Daemon::isLeader).count() == 1
                    && both.stream().allMatch(Daemon::ready)
                    && both.stream().allMatch(Daemon::settled)
                    && both.stream().anyMatch(d -> d.apps().size() == 1));
    assertThat(fixture.kube().leases().inNamespace("mooring-system").withName(LEASE_NAME).get())
        .as("the Lease bears the name it was given")
        .isNotNull();
    return both;
  }

  private static String driftStart(KubernetesClient kube, String key) {
    ConfigMap state = kube.configMaps().inNamespace("mooring-system").withName(LEASE_NAME).get();
    return state == null || state.getData() == null ? null : state.getData().get(key);
  }

  private static int replicas(KubernetesClient kube) {
    var set = kube.apps().statefulSets().inNamespace("default").withName("cache-redis").get();
    return set == null ? -1 : set.getSpec().getReplicas();
  }
}
