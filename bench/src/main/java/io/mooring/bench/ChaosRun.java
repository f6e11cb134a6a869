package io.mooring.bench;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mooring.sandbox.ApplyingMockServer;
import io.mooring.sandbox.FaultPlan;
import io.mooring.sandbox.FaultProxy;
import io.mooring.sandbox.RandomFaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeoutException;

/**
 * A bounded chaos run: two replicas behind a fault-injecting proxy while pushes arrive, objects are
 * edited by hand and the leader is stopped and replaced; then the faults stop and the invariants
 * are checked: every app reaches its commit, nothing git declares was deleted, and no create was
 * sent that a retry could duplicate. The seed is printed, so a failing run can be replayed.
 */
final class ChaosRun {
  private static final int APPS = 20;
  private static final int NAMESPACES = 4;
  private static final Duration RESYNC = Duration.ofSeconds(5);
  private static final Duration LEASE = Duration.ofSeconds(4);
  private static final Duration STEP = Duration.ofMillis(1500);
  private static final Duration LEADER_LIFETIME = Duration.ofSeconds(30);
  private static final Duration CONVERGENCE_BOUND = Duration.ofMinutes(2);
  private static final double FAULT_RATE = 0.2;

  private ChaosRun() {}

  static void run(Path work, Duration length, long seed, ResultTable table) throws Exception {
    Map<String, Integer> replicas = new LinkedHashMap<>();
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < APPS; i++) {
      String path = path(i);
      replicas.put(path, 2);
      files.put(path, spec(i, 2));
    }
    Random random = new Random(seed);
    try (ServedConfigRepo repo =
            ServedConfigRepo.create(work.resolve("chaos-repo"), BenchDaemon.BRANCH, files);
        ApplyingMockServer api = new ApplyingMockServer();
        FaultProxy proxy = new FaultProxy(api.url());
        KubernetesClient kube = api.createClient()) {
      proxy.plan(new RandomFaults(seed, FAULT_RATE));
      List<BenchDaemon> live = new ArrayList<>();
      int started = 0;
      try {
        for (; started < 2; started++) {
          live.add(replica(proxy, repo, work, started));
        }
        int pushes = 0;
        int edits = 0;
        int leadersStopped = 0;
        long end = System.nanoTime() + length.toNanos();
        long nextLeaderStop = System.nanoTime() + LEADER_LIFETIME.toNanos();
        while (System.nanoTime() < end) {
          Polling.sleep(STEP);
          int i = random.nextInt(APPS);
          if (System.nanoTime() > nextLeaderStop) {
            BenchDaemon leader =
                live.stream().filter(d -> d.daemon().isLeader()).findFirst().orElse(null);
            if (leader != null) {
              live.remove(leader);
              leader.close();
              leadersStopped++;
              live.add(replica(proxy, repo, work, started++));
            }
            nextLeaderStop = System.nanoTime() + LEADER_LIFETIME.toNanos();
          } else if (random.nextBoolean()) {
            int wanted = 2 + random.nextInt(3);
            replicas.put(path(i), wanted);
            String commit = repo.commit(path(i), spec(i, wanted), "app-" + i + ": " + wanted);
            for (BenchDaemon daemon : live) {
              daemon.webhooks().push(commit);
            }
            pushes++;
          } else if (editByHand(kube, i)) {
            edits++;
          }
        }
        proxy.plan(FaultPlan.NONE);
        long stopped = System.nanoTime();
        boolean converged;
        try {
          Polling.until(() -> converged(kube, replicas), CONVERGENCE_BOUND, "convergence");
          converged = true;
        } catch (TimeoutException e) {
          converged = false;
        }
        double seconds = (System.nanoTime() - stopped) / 1e9;
        // Pushes move replicas between 2 and 4, which keeps every app's set of objects: any delete
        // removed an object git declared.
        List<String> deleted =
            api.writeLog().stream()
                .filter(w -> w.verb().equals("DELETE"))
                .map(ApplyingMockServer.Write::path)
                .toList();
        long deletes = deleted.size();
        // Mooring's own Lease and state ConfigMap are created by POST; the apps' objects never are.
        long creates =
            api.writeLog().stream()
                .filter(w -> w.verb().equals("POST") && !w.body().contains("\"mooring-"))
                .count();
        boolean leader = live.stream().anyMatch(d -> d.daemon().isLeader());
        String notConverged =
            "not converged within "
                + CONVERGENCE_BOUND.toSeconds()
                + " s: "
                + unconverged(kube, replicas)
                + (leader ? "" : ", no replica holds the lease");
        table.add(
            Row.info(
                "chaos: what happened",
                APPS,
                String.format(
                    Locale.ROOT,
                    "seed %d, %.0f s: %d pushes, %d hand edits, %d leaders stopped; faults %s",
                    seed,
                    length.toMillis() / 1e3,
                    pushes,
                    edits,
                    leadersStopped,
                    proxy.counts())));
        table.add(
            Row.exact(
                "chaos: every app at its commit after the faults stop",
                APPS,
                converged
                    ? String.format(
                        Locale.ROOT,
                        "converged %.1f s after (resync %d s)",
                        seconds,
                        RESYNC.toSeconds())
                    : notConverged,
                "converged",
                converged));
        table.add(
            Row.exact(
                "chaos: deletes of objects git declares",
                APPS,
                deletes == 0 ? "0" : deletes + ", e.g. " + deleted.get(0),
                "0",
                deletes == 0));
        table.add(
            Row.exact(
                "chaos: app objects created by POST (a retry could duplicate)",
                APPS,
                Long.toString(creates),
                "0 (every create is an idempotent apply)",
                creates == 0));
      } finally {
        live.forEach(BenchDaemon::close);
      }
    }
  }

  private static BenchDaemon replica(FaultProxy proxy, ServedConfigRepo repo, Path work, int number)
      throws Exception {
    return BenchDaemon.replica(
        proxy.createClient(), repo.uri(), work.resolve("chaos-data-" + number), RESYNC, LEASE);
  }

  /**
   * Scales the app's StatefulSet to 9 behind Mooring's back; false when it does not exist yet, or
   * when the mock API, busy closing the watches the proxy cut, did not answer in time.
   */
  private static boolean editByHand(KubernetesClient kube, int i) {
    var set = kube.apps().statefulSets().inNamespace(namespace(i)).withName(name(i) + "-redis");
    try {
      if (set.get() == null) {
        return false;
      }
      set.edit(
          s -> {
            s.getSpec().setReplicas(9);
            return s;
          });
      return true;
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  /** The apps whose StatefulSet is missing or not at the replicas git declares. */
  private static List<String> unconverged(KubernetesClient kube, Map<String, Integer> replicas) {
    List<String> apps = new ArrayList<>();
    for (int i = 0; i < APPS; i++) {
      StatefulSet set =
          kube.apps().statefulSets().inNamespace(namespace(i)).withName(name(i) + "-redis").get();
      if (set == null || !replicas.get(path(i)).equals(set.getSpec().getReplicas())) {
        apps.add(name(i) + (set == null ? " (missing)" : " at " + set.getSpec().getReplicas()));
      }
    }
    return apps;
  }

  private static boolean converged(KubernetesClient kube, Map<String, Integer> replicas) {
    return unconverged(kube, replicas).isEmpty();
  }

  private static String path(int i) {
    return "apps/" + namespace(i) + "/" + name(i) + ".yaml";
  }

  private static String namespace(int i) {
    return "chaos-" + (i % NAMESPACES);
  }

  private static String name(int i) {
    return "app-" + i;
  }

  private static String spec(int i, int replicas) {
    return """
        apiVersion: apps.cozystack.io/v1alpha1
        kind: Redis
        metadata:
          name: %s
          namespace: %s
        spec:
          replicas: %d
          authEnabled: false
        """
        .formatted(name(i), namespace(i), replicas);
  }
}
