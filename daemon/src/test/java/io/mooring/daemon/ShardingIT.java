package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.sandbox.Fault;
import io.mooring.sandbox.FaultProxy;
import io.mooring.shard.ShardRing;
import io.mooring.status.AppStatusView;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three replicas against one API share twelve apps in four shards: each app is written by the one
 * replica holding its shard's Lease, a push received by any replica reaches the owner, and the
 * shards of a replica cut off from the API are taken over by the others once its Leases expire.
 */
class ShardingIT {
  private static final String NAMESPACE = "sharded";
  private static final int APPS = 12;
  private static final int SHARDS = 4;
  private static final Duration LEASE = Duration.ofSeconds(5);

  /** A guard against hanging, not a measured bound. */
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  @TempDir Path dir;
  private DaemonFixture fixture;
  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void eachAppHasOneWriterAndADeadReplicasShardsAreTakenOver() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < APPS; i++) {
      files.put(NAMESPACE + "/app-" + i + ".yaml", ConfigRepository.smallRedis(NAMESPACE, app(i)));
    }
    fixture = DaemonFixture.withFiles(dir, files);
    ConfigRepository repo = fixture.repo();
    KubernetesClient kube = fixture.kube();
    // Each replica reaches the API through a proxy of its own, which can cut it off.
    List<FaultProxy> proxies = new ArrayList<>();
    List<Daemon> daemons = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      FaultProxy proxy = new FaultProxy(fixture.api().url());
      proxies.add(proxy);
      started.add(proxy);
      KubernetesClient client = proxy.createClient();
      started.add(client);
      Daemon daemon = start(name, client);
      daemons.add(daemon);
      started.add(daemon);
    }

    await("every app applied and the shards shared out")
        .atMost(PATIENCE)
        .until(
            () ->
                statefulSets(kube) == APPS
                    && shardCounts(daemons).stream().mapToInt(Integer::intValue).sum() == SHARDS
                    && balanced(shardCounts(daemons))
                    && ownedApps(daemons) == APPS
                    && daemons.stream().allMatch(Daemon::settled));

    assertOneOwnerPerApp(daemons);
    for (int i = 0; i < APPS; i++) {
      assertThat(statefulSetWrites(i)).as("writes of the StatefulSet of %s", app(i)).isEqualTo(1);
    }
    // Every replica tells where an app is reconciled, the owner's own list included.
    for (Daemon daemon : daemons) {
      for (JsonNode app : new DaemonClient(daemon.port()).json("api/v1/apps").path("apps")) {
        AppRef ref = new AppRef(AppKind.REDIS, NAMESPACE, app.path("name").asText());
        assertThat(app.path("shard").asInt()).isEqualTo(new ShardRing(SHARDS).shardOf(ref));
        assertThat(app.path("owner").asText()).isNotEmpty();
      }
    }

    // A push delivered to a replica that does not own the app reaches the one that does.
    int changed = 5;
    Daemon owner = ownerOf(daemons, changed);
    Daemon receiver = daemons.stream().filter(d -> d != owner).findFirst().orElseThrow();
    fixture.api().resetCounts();
    String commit =
        repo.commit(
            NAMESPACE + "/app-" + changed + ".yaml",
            ConfigRepository.smallRedis(NAMESPACE, app(changed))
                .replace("replicas: 1", "replicas: 2"),
            "two replicas for app-" + changed);
    assertThat(
            new DaemonClient(receiver.port())
                .githubPush(
                    repo.url(), "refs/heads/main", commit, false, TestDaemonConfig.GITHUB_SECRET)
                .statusCode())
        .isEqualTo(202);
    await("the owner applied the push").atMost(PATIENCE).until(() -> replicas(kube, changed) == 2);
    await("the replicas settled")
        .atMost(PATIENCE)
        .until(() -> daemons.stream().allMatch(Daemon::settled));
    assertThat(fixture.api().writeLog())
        .as("only the changed app's StatefulSet is written, once")
        .filteredOn(w -> w.path().contains("/statefulsets/"))
        .singleElement()
        .satisfies(w -> assertThat(w.path()).contains(statefulSet(changed)));

    // Cut one replica off from the API, as a crashed pod or a partition would: it stops renewing
    // its Leases, and the others take its shards once the Leases expire.
    FaultProxy cutOff = proxies.get(daemons.indexOf(owner));
    cutOff.plan(request -> new Fault.Reset(false));
    cutOff.cutStreams();
    List<Daemon> survivors = new ArrayList<>(daemons);
    survivors.remove(owner);
    await("the survivors hold every shard")
        .atMost(PATIENCE)
        .until(
            () ->
                shardCounts(survivors).stream().mapToInt(Integer::intValue).sum() == SHARDS
                    && balanced(shardCounts(survivors)));
    assertThat(owner.isLeader()).as("a replica cut off from the API stops writing").isFalse();

    String next =
        repo.commit(
            NAMESPACE + "/app-" + changed + ".yaml",
            ConfigRepository.smallRedis(NAMESPACE, app(changed))
                .replace("replicas: 1", "replicas: 3"),
            "three replicas for app-" + changed);
    fixture.api().resetCounts();
    for (Daemon survivor : survivors) {
      new DaemonClient(survivor.port())
          .githubPush(repo.url(), "refs/heads/main", next, false, TestDaemonConfig.GITHUB_SECRET);
    }
    await("a survivor applied the dead replica's app")
        .atMost(PATIENCE)
        .until(() -> replicas(kube, changed) == 3);
    await("the survivors settled")
        .atMost(PATIENCE)
        .until(() -> survivors.stream().allMatch(Daemon::settled) && ownedApps(survivors) == APPS);
    assertOneOwnerPerApp(survivors);
    assertThat(statefulSetWrites(changed))
        .as("the dead replica's app is written by one survivor")
        .isEqualTo(1);
  }

  private Daemon start(String name, KubernetesClient client) {
    return Daemon.start(
        TestDaemonConfig.of(fixture.repo().url(), dir.resolve(name))
            .leaderElection(LEASE)
            .shards(SHARDS)
            .build(),
        client,
        new Renderer(RenderOptions.defaults())::render,
        Clock.systemUTC());
  }

  private long statefulSetWrites(int app) {
    return fixture.api().writeLog().stream()
        .filter(w -> w.path().contains(statefulSet(app)))
        .count();
  }

  /** The path of an app's StatefulSet, followed by the query or nothing. */
  private static String statefulSet(int app) {
    return "/statefulsets/" + app(app) + "-redis";
  }

  private static String app(int i) {
    return "app-" + i;
  }

  /** Each replica's status lists only apps it owns; together they list every app once. */
  private static void assertOneOwnerPerApp(List<Daemon> daemons) {
    Set<String> seen = new HashSet<>();
    for (Daemon daemon : daemons) {
      for (AppStatusView app : daemon.apps()) {
        assertThat(seen.add(app.name())).as("%s reported by two replicas", app.name()).isTrue();
      }
    }
    assertThat(seen).hasSize(APPS);
  }

  private static int ownedApps(List<Daemon> daemons) {
    Set<String> names = new TreeSet<>();
    int listed = 0;
    for (Daemon daemon : daemons) {
      for (AppStatusView app : daemon.apps()) {
        names.add(app.name());
        listed++;
      }
    }
    return listed == names.size() ? names.size() : -1;
  }

  private static Daemon ownerOf(List<Daemon> daemons, int app) {
    return daemons.stream()
        .filter(d -> d.apps().stream().anyMatch(view -> view.name().equals(app(app))))
        .findFirst()
        .orElseThrow();
  }

  /** Shards each replica holds, from its {@code mooring_shard_owned} gauges. */
  private static List<Integer> shardCounts(List<Daemon> daemons) {
    return daemons.stream()
        .map(
            d ->
                (int)
                    d.registry().find("mooring.shard.owned").gauges().stream()
                        .mapToDouble(Gauge::value)
                        .sum())
        .toList();
  }

  private static boolean balanced(List<Integer> counts) {
    int most = counts.stream().mapToInt(Integer::intValue).max().orElse(0);
    int fewest = counts.stream().mapToInt(Integer::intValue).min().orElse(0);
    return most - fewest <= 1;
  }

  private static int statefulSets(KubernetesClient kube) {
    return kube.apps().statefulSets().inNamespace(NAMESPACE).list().getItems().size();
  }

  private static int replicas(KubernetesClient kube, int app) {
    StatefulSet set =
        kube.apps().statefulSets().inNamespace(NAMESPACE).withName(app(app) + "-redis").get();
    return set == null ? -1 : set.getSpec().getReplicas();
  }
}
