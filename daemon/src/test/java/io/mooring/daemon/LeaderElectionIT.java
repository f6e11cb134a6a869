package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.sandbox.ApplyingMockServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas against one API: one Lease, one writer, and a handover that does not wait for the
 * lease to expire when the writer stops.
 */
class LeaderElectionIT {
  private static final String CACHE_FILE = "default/redis-replicated.yaml";
  private static final Duration LEASE = Duration.ofSeconds(5);

  /** A guard against hanging, not a measured bound. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path dir;
  private DaemonFixture fixture;

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void onlyTheLeaderWritesAndStoppingItReleasesTheLeaseToTheFollower() throws Exception {
    fixture = DaemonFixture.create(dir, CACHE_FILE);
    ConfigRepository repo = fixture.repo();
    ApplyingMockServer api = fixture.api();
    KubernetesClient kube = fixture.kube();
    Daemon first = fixture.start("first", config -> config.leaderElection(LEASE));
    Daemon second = fixture.start("second", config -> config.leaderElection(LEASE));
    List<Daemon> both = List.of(first, second);

    await("one leader elected")
        .atMost(PATIENCE)
        .until(() -> both.stream().filter(Daemon::isLeader).count() == 1);
    Daemon leader = first.isLeader() ? first : second;
    Daemon follower = leader == first ? second : first;
    await("the leader synced")
        .atMost(PATIENCE)
        .until(() -> leader.apps().size() == 1 && leader.ready() && leader.settled());
    assertThat(leaderGauges(both)).containsExactlyInAnyOrder(1.0, 0.0);
    assertThat(new DaemonClient(follower.port()).get("readyz").statusCode())
        .as("a follower is ready to take over")
        .isEqualTo(200);

    String commit =
        repo.commit(
            CACHE_FILE,
            ConfigRepository.example(CACHE_FILE).replace("replicas: 3", "replicas: 4"),
            "4 replicas");
    api.resetCounts();
    List<Long> syncsBefore = both.stream().map(Daemon::completedSyncs).toList();
    // A load balancer may deliver the webhook to either replica: both receive it (GitHub's
    // redelivery, or two Services).
    for (Daemon daemon : both) {
      assertThat(
              new DaemonClient(daemon.port())
                  .githubPush(
                      repo.url(), "refs/heads/main", commit, false, TestDaemonConfig.GITHUB_SECRET)
                  .statusCode())
          .isEqualTo(202);
    }
    await("4 replicas applied").atMost(PATIENCE).until(() -> replicas(kube) == 4);
    // The follower runs no sync of its own: it hands the push to the leader through the API.
    long leaderSyncsBefore = leader == first ? syncsBefore.get(0) : syncsBefore.get(1);
    await("the leader ran the sync the webhooks asked for, and its echoes are over")
        .atMost(PATIENCE)
        .until(
            () ->
                leader.completedSyncs() > leaderSyncsBefore && first.settled() && second.settled());

    assertThat(api.writeLog().stream().filter(w -> w.path().contains("/statefulsets/cache-redis")))
        .as("the StatefulSet is written once, by the leader")
        .hasSize(1);
    assertThat(appliedObjects(follower)).as("objects the follower applied").isZero();
    assertThat(follower.apps()).as("the follower reconciles nothing").isEmpty();

    LeaseSpec held = lease(kube);
    leader.close();
    LeaseSpec released = lease(kube);
    // Releasing leaves a Lease that ends now (client-go empties the holder too, fabric8 keeps it):
    // the follower may take it without waiting out what the leader last renewed.
    assertThat(
            !held.getHolderIdentity().equals(released.getHolderIdentity())
                || expiry(released).isBefore(expiry(held)))
        .as("the stopped leader released its Lease %s: now %s", held, released)
        .isTrue();
    await("the follower takes over").atMost(PATIENCE).until(follower::isLeader);
    assertThat(new DaemonClient(follower.port()).metricOrZero("mooring_leader")).isEqualTo(1);

    String next =
        repo.commit(
            CACHE_FILE,
            ConfigRepository.example(CACHE_FILE).replace("replicas: 3", "replicas: 5"),
            "5 replicas");
    await("the new leader synced")
        .atMost(PATIENCE)
        .until(() -> follower.apps().size() == 1 && follower.ready());
    assertThat(
            new DaemonClient(follower.port())
                .githubPush(
                    repo.url(), "refs/heads/main", next, false, TestDaemonConfig.GITHUB_SECRET)
                .statusCode())
        .isEqualTo(202);
    await("the new leader applies the next change")
        .atMost(PATIENCE)
        .until(() -> replicas(kube) == 5);
  }

  @Test
  void aReplicaThatCannotStartNeverTakesTheLease() throws Exception {
    fixture = DaemonFixture.create(dir, CACHE_FILE);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  fixture.start(
                      "unstartable",
                      config -> config.leaderElection(LEASE).httpPort(taken.getLocalPort())))
          .isInstanceOf(DaemonStartException.class)
          .hasMessageContaining("cannot listen");
    }

    assertThat(
            fixture
                .kube()
                .leases()
                .inNamespace("mooring-system")
                .withName(LeaderGate.DEFAULT_LEASE_NAME)
                .get())
        .as("a replica joins the election only once it is fully started")
        .isNull();
    assertThat(fixture.api().writeLog()).noneMatch(write -> write.path().contains("/leases"));
  }

  private static List<Double> leaderGauges(List<Daemon> daemons) {
    return daemons.stream()
        .map(d -> new DaemonClient(d.port()).metricOrZero("mooring_leader"))
        .toList();
  }

  /** The sum of {@code mooring_apply_total} over every action and kind. */
  private static double appliedObjects(Daemon daemon) {
    return Arrays.stream(new DaemonClient(daemon.port()).get("metrics").body().split("\n"))
        .filter(line -> line.startsWith("mooring_apply_total{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static LeaseSpec lease(KubernetesClient kube) {
    Lease lease =
        kube.leases().inNamespace("mooring-system").withName(LeaderGate.DEFAULT_LEASE_NAME).get();
    assertThat(lease).as("the leader's Lease").isNotNull();
    return lease.getSpec();
  }

  /** When the Lease runs out unless renewed, as a follower reads it. */
  private static ZonedDateTime expiry(LeaseSpec lease) {
    return lease.getRenewTime().plusSeconds(lease.getLeaseDurationSeconds());
  }

  private static int replicas(KubernetesClient kube) {
    var set = kube.apps().statefulSets().inNamespace("default").withName("cache-redis").get();
    return set == null ? -1 : set.getSpec().getReplicas();
  }
}
