package io.mooring.daemon;

import static io.mooring.daemon.DaemonClient.await;
import static io.mooring.daemon.DaemonClient.pause;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.sandbox.ApplyingMockServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas against one API: one Lease, one writer, and a prompt handover when the writer stops.
 */
class LeaderElectionTest {
  private static final String CACHE_FILE = "default/redis-replicated.yaml";
  private static final Duration LEASE = Duration.ofSeconds(5);

  @TempDir Path dir;
  private DaemonFixture fixture;

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void onlyTheLeaderWritesAndStoppingItHandsOverWithinTheLease() throws Exception {
    fixture = DaemonFixture.create(dir, CACHE_FILE);
    ConfigRepository repo = fixture.repo();
    ApplyingMockServer api = fixture.api();
    KubernetesClient kube = fixture.kube();
    Daemon first = fixture.start("first", config -> config.leaderElection(LEASE));
    Daemon second = fixture.start("second", config -> config.leaderElection(LEASE));
    List<Daemon> both = List.of(first, second);

    await(
        Duration.ofSeconds(30),
        "one leader elected",
        () -> both.stream().filter(Daemon::isLeader).count() == 1);
    Daemon leader = first.isLeader() ? first : second;
    Daemon follower = leader == first ? second : first;
    await(
        Duration.ofSeconds(60),
        "the leader synced",
        () -> leader.apps().size() == 1 && leader.ready());
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
    // A load balancer may deliver the webhook to either replica: both receive it.
    for (Daemon daemon : both) {
      assertThat(
              new DaemonClient(daemon.port())
                  .githubPush(
                      repo.url(), "refs/heads/main", commit, false, TestDaemonConfig.GITHUB_SECRET)
                  .statusCode())
          .isEqualTo(202);
    }
    await(Duration.ofSeconds(10), "4 replicas applied", () -> replicas(kube) == 4);
    pause(Duration.ofSeconds(1));

    assertThat(api.writeLog().stream().filter(w -> w.path().contains("/statefulsets/cache-redis")))
        .as("the StatefulSet is written once, by the leader")
        .hasSize(1);
    assertThat(appliedObjects(follower)).as("objects the follower applied").isZero();
    assertThat(follower.apps()).as("the follower reconciles nothing").isEmpty();

    long closing = System.nanoTime();
    leader.close();
    await(LEASE, "the follower takes over within the lease", follower::isLeader);
    System.out.printf(
        "handover took %d ms (lease %s)%n", (System.nanoTime() - closing) / 1_000_000, LEASE);
    assertThat(new DaemonClient(follower.port()).metricOrZero("mooring_leader")).isEqualTo(1);

    String next =
        repo.commit(
            CACHE_FILE,
            ConfigRepository.example(CACHE_FILE).replace("replicas: 3", "replicas: 5"),
            "5 replicas");
    await(
        Duration.ofSeconds(60),
        "the new leader synced",
        () -> follower.apps().size() == 1 && follower.ready());
    assertThat(
            new DaemonClient(follower.port())
                .githubPush(
                    repo.url(), "refs/heads/main", next, false, TestDaemonConfig.GITHUB_SECRET)
                .statusCode())
        .isEqualTo(202);
    await(
        Duration.ofSeconds(10),
        "the new leader applies the next change",
        () -> replicas(kube) == 5);
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
                .withName(LeaderGate.LEASE_NAME)
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

  private static int replicas(KubernetesClient kube) {
    var set = kube.apps().statefulSets().inNamespace("default").withName("cache-redis").get();
    return set == null ? -1 : set.getSpec().getReplicas();
  }
}
