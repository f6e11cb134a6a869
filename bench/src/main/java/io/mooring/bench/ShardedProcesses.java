package io.mooring.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.spec.AppRef;
import io.mooring.sandbox.ApplyingMockServer;
import io.mooring.shard.ShardRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Scenario 11: three daemon processes ({@code serve --shards 6}, the chart's JVM options) against
 * one mock API, each through a proxy of its own that tells which process wrote what. Once they
 * share the shards, one push adds every app (cold sync); then single-app pushes, each announced to
 * the next process in turn (push to applied); then one process is killed and the clock runs until
 * the others hold its shards (failover). Throughout, every app object must be written by one
 * process only.
 */
final class ShardedProcesses {
  private static final String NAME = "11 sharded, 3 processes";
  private static final int PROCESSES = 3;
  private static final int SHARDS = 6;

  /** The daemon's and the chart's default. */
  private static final Duration LEASE = Duration.ofSeconds(15);

  /** No app write and no reconcile for this long: the work a trigger caused is over. */
  private static final Duration QUIET = Duration.ofMillis(300);

  /** Guards against hanging; the cold sync of 5,000 apps on a loaded machine takes minutes. */
  private static final Duration PATIENCE = Duration.ofMinutes(60);

  private ShardedProcesses() {}

  static void run(int apps, int pushes, Path work, ResultTable table) throws Exception {
    Path jar = Path.of("cli", "target", "mooring.jar");
    Path values = Path.of("charts", "mooring", "values.yaml");
    if (!Files.isRegularFile(jar) || !Files.isRegularFile(values)) {
      table.add(
          Row.info(
              NAME,
              apps,
              "not measured: run from the project's root after packaging the CLI (%s)"
                  .formatted(jar)));
      return;
    }
    long began = System.nanoTime();
    SpecCorpus corpus = SpecCorpus.of(apps);
    Map<String, String> files = new LinkedHashMap<>(corpus.files());
    Map<String, String> appOf = new HashMap<>();
    int objects = 0;
    for (Map.Entry<String, String> file : files.entrySet()) {
      for (HasMetadata object : RenderedCorpus.objects(Map.of(file.getKey(), file.getValue()))) {
        appOf.put(
            object.getMetadata().getNamespace() + "/" + object.getMetadata().getName(),
            file.getKey());
        objects++;
      }
    }
    Set<String> namespaces = new TreeSet<>();
    corpus.apps().forEach(app -> namespaces.add(app.namespace()));
    WriterLog writers = new WriterLog(namespaces);
    try (ServedConfigRepo repo =
            ServedConfigRepo.create(
                work.resolve("sharded-repo"),
                BenchDaemon.BRANCH,
                Map.of("apps/README.md", "The specs arrive in the next commit.\n"));
        ApplyingMockServer api = ApplyingMockServer.withoutWriteLog();
        ShardedGroup group =
            ShardedGroup.start(
                PROCESSES,
                SHARDS,
                LEASE,
                jar,
                ChartJvmSettings.read(values),
                repo.uri(),
                api.url(),
                writers,
                work)) {
      long started = System.nanoTime();
      ShardedGroup.poll(
          () -> group.ready() && group.balanced(),
          Duration.ofMinutes(10),
          "the processes to share the shards");
      table.add(
          Row.info(
              NAME,
              apps,
              "%d processes, %d shards, lease %d s: shards held %s, %.1f s after start (JVM start included)"
                  .formatted(
                      PROCESSES,
                      SHARDS,
                      LEASE.toSeconds(),
                      group.holdings(),
                      (System.nanoTime() - started) / 1e9)));

      coldSync(group, repo, files, objects, writers, appOf, apps, table);
      pushes(group, repo, corpus, files, pushes, writers, appOf, table);
      failover(group, corpus, writers, table);

      WriterSummary summary = WriterSummary.of(writers.writers(), appOf, apps);
      int shared = summary.sharedObjects().size();
      table.add(
          Row.exact(
              NAME,
              apps,
              "objects written by two or more processes over cold sync, pushes and failover: %d%s"
                  .formatted(
                      shared,
                      shared == 0
                          ? ""
                          : ", e.g. " + summary.sharedObjects().entrySet().iterator().next()),
              "0",
              shared == 0));
    }
    table.add(
        Row.info(
            NAME,
            apps,
            "the scenario took %.0f s; load average %.1f at its end"
                .formatted((System.nanoTime() - began) / 1e9, MachineDescription.load())));
  }

  private static void coldSync(
      ShardedGroup group,
      ServedConfigRepo repo,
      Map<String, String> files,
      int objects,
      WriterLog writers,
      Map<String, String> appOf,
      int apps,
      ResultTable table)
      throws Exception {
    String commit = repo.commit(files, apps + " apps");
    long start = System.nanoTime();
    push(group.live().get(0), commit, "the push that adds every app");
    long done =
        ShardedGroup.poll(
            () -> writers.objects() >= objects, PATIENCE, "every object's first write");
    double seconds = (done - start) / 1e9;
    group.settle(writers, Duration.ofSeconds(2), PATIENCE);
    WriterSummary summary = WriterSummary.of(writers.writers(), appOf, apps);
    table.add(
        Row.info(
            NAME,
            apps,
            "cold sync: %,d objects in %.1f s, from the push adding every app (sent to process 0) to each object's first write; apps per process %s; %,d writes"
                .formatted(objects, seconds, summary.appsPerProcess(), writers.writes())));
    boolean one = summary.appsByOneWriter() == apps && summary.foreignObjects().isEmpty();
    table.add(
        Row.exact(
            NAME,
            apps,
            "apps written by exactly one process (counted per process at its own proxy): %,d of %,d (%d by several, %d by none, %d objects of no app)"
                .formatted(
                    summary.appsByOneWriter(),
                    apps,
                    summary.appsBySeveral(),
                    summary.appsUnwritten(),
                    summary.foreignObjects().size()),
            "every app",
            one));
  }

  private static void pushes(
      ShardedGroup group,
      ServedConfigRepo repo,
      SpecCorpus corpus,
      Map<String, String> files,
      int pushes,
      WriterLog writers,
      Map<String, String> appOf,
      ResultTable table)
      throws Exception {
    List<Double> all = new ArrayList<>();
    List<Double> forwarded = new ArrayList<>();
    int off = 0;
    // Push 0 warms the webhook connections up: it is checked but not timed.
    for (int i = 0; i <= pushes; i++) {
      BenchApp app = corpus.apps().get((int) ((long) i * corpus.size() / (pushes + 1)));
      String before = files.get(app.path());
      String after = SpecCorpus.yaml(app, before.equals(SpecCorpus.yaml(app, false)));
      int expected = ChangedObjects.between(app.path(), before, after);
      long writesBefore = writers.writes();
      String commit = repo.commit(app.path(), after, "resize " + app.name());
      files.put(app.path(), after);
      List<ShardedGroup.Member> live = group.live();
      ShardedGroup.Member receiver = live.get(i % live.size());
      long start = System.nanoTime();
      push(receiver, commit, "push " + i);
      long landed =
          Polling.until(
              () -> writers.writes() >= writesBefore + expected,
              Duration.ofMinutes(2),
              "the writes of push " + i);
      group.settle(writers, QUIET, Duration.ofMinutes(5));
      if (writers.writes() - writesBefore != expected) {
        off++;
      }
      if (i > 0) {
        double seconds = (landed - start) / 1e9;
        all.add(seconds);
        if (WriterSummary.writerOf(writers.writers(), appOf, app.path()) != receiver.number()) {
          forwarded.add(seconds);
        }
      }
    }
    int n = corpus.size();
    table.add(
        Row.info(
            NAME,
            n,
            "push -> applied p50 %.0f ms, p99 %.0f ms over %d pushes sent to the processes in turn (after 1 warm-up); of which %d received by a process not owning the app: p99 %.0f ms"
                .formatted(
                    Percentiles.of(all, 50) * 1e3,
                    Percentiles.of(all, 99) * 1e3,
                    all.size(),
                    forwarded.size(),
                    Percentiles.of(forwarded, 99) * 1e3)));
    table.add(
        Row.info(
            NAME, n, "pushes whose writes differ from the objects they change: %d".formatted(off)));
  }

  private static void failover(
      ShardedGroup group, SpecCorpus corpus, WriterLog writers, ResultTable table)
      throws Exception {
    ShardedGroup.Member victim = group.live().get(1);
    Set<Integer> lost = group.shardsOf(victim);
    ShardRing ring = new ShardRing(SHARDS);
    long itsApps =
        corpus.apps().stream()
            .filter(
                app ->
                    lost.contains(
                        ring.shardOf(new AppRef(app.kind(), app.namespace(), app.name()))))
            .count();
    long killed = group.kill(victim);
    // When each of its shards was first seen held by a survivor.
    Map<Integer, Long> taken = new HashMap<>();
    long held =
        ShardedGroup.poll(
            () -> {
              long now = System.nanoTime();
              group.holdings().forEach(shards -> shards.forEach(s -> taken.putIfAbsent(s, now)));
              return taken.keySet().containsAll(lost) && group.everyShardHeld();
            },
            LEASE.multipliedBy(4).plusMinutes(1),
            "the surviving processes to hold every shard");
    double seconds = (held - killed) / 1e9;
    double first = (lost.stream().mapToLong(taken::get).min().orElse(held) - killed) / 1e9;
    long balanced =
        ShardedGroup.poll(
            group::balanced, Duration.ofMinutes(5), "the surviving processes to share the shards");
    group.settle(writers, Duration.ofSeconds(2), PATIENCE);
    table.add(
        Row.goal(
            NAME,
            corpus.size(),
            "failover: process %d killed (SIGKILL) holding shards %s (%,d apps); the first held again after %.1f s, every shard after %.1f s, shared %s after %.1f s"
                .formatted(
                    victim.number(),
                    lost,
                    itsApps,
                    first,
                    seconds,
                    group.holdings(),
                    (balanced - killed) / 1e9),
            "<= lease duration (%d s)".formatted(LEASE.toSeconds()),
            seconds <= LEASE.toSeconds()));
  }

  private static void push(ShardedGroup.Member receiver, String commit, String what)
      throws Exception {
    String outcome = receiver.webhooks().push(commit);
    if (!WebhookSender.TRIGGERED.equals(outcome)) {
      throw new IllegalStateException(
          "daemon process " + receiver.number() + " did not take " + what + ": " + outcome);
    }
  }
}
