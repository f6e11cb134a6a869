package io.mooring.bench;

import io.mooring.sandbox.FaultProxy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Daemon processes sharing the apps in shards ({@code serve --shards}), each in its own JVM with
 * the chart's JVM options and reaching the one API through a proxy of its own, which tells the
 * {@link WriterLog} what it wrote.
 */
final class ShardedGroup implements AutoCloseable {
  /** How often the harness reads the processes' routes: their metrics grow with the apps. */
  static final Duration POLL = Duration.ofMillis(100);

  /** One process, its proxy and a webhook sender aimed at it. */
  record Member(int number, FaultProxy proxy, DaemonProcess process, WebhookSender webhooks) {}

  private final int shards;
  private final List<Member> members;
  private final List<Member> live;

  private ShardedGroup(int shards, List<Member> members) {
    this.shards = shards;
    this.members = List.copyOf(members);
    this.live = new ArrayList<>(members);
  }

  /** Starts {@code size} processes at once; returns without waiting for them. */
  static ShardedGroup start(
      int size,
      int shards,
      Duration lease,
      Path jar,
      ChartJvmSettings jvm,
      String repoUrl,
      String apiUrl,
      WriterLog writers,
      Path work)
      throws IOException {
    List<Member> members = new ArrayList<>();
    try {
      for (int i = 0; i < size; i++) {
        FaultProxy proxy = new FaultProxy(apiUrl);
        proxy.plan(writers.planOf(i));
        Path kubeconfig = work.resolve("sharded-kubeconfig-" + i);
        writeKubeconfig(kubeconfig, proxy.url());
        DaemonProcess process;
        try {
          process =
              DaemonProcess.start(
                  jar,
                  jvm,
                  kubeconfig,
                  repoUrl,
                  Files.createDirectories(work.resolve("sharded-data-" + i)),
                  work.resolve("sharded-" + i + ".log"),
                  List.of(
                      "--leader-election=true",
                      "--shards",
                      Integer.toString(shards),
                      "--lease-duration",
                      lease.toSeconds() + "s"),
                  Map.of(
                      "POD_NAME",
                      "bench-replica-" + i,
                      "MOORING_GITHUB_SECRET",
                      new String(BenchDaemon.SECRET, StandardCharsets.UTF_8)));
        } catch (IOException e) {
          proxy.close();
          throw e;
        }
        members.add(
            new Member(
                i,
                proxy,
                process,
                new WebhookSender(
                    process.port(), BenchDaemon.SECRET, repoUrl, BenchDaemon.BRANCH)));
      }
    } catch (IOException e) {
      new ShardedGroup(shards, members).close();
      throw e;
    }
    return new ShardedGroup(shards, members);
  }

  List<Member> live() {
    return List.copyOf(live);
  }

  /** The shards {@code member} holds, from its {@code mooring_shard_owned} gauges. */
  Set<Integer> shardsOf(Member member) {
    Set<Integer> held = new TreeSet<>();
    try {
      String metrics = member.process().metrics();
      for (int shard = 0; shard < shards; shard++) {
        if (DaemonProcess.sum(metrics, "mooring_shard_owned", "shard=\"" + shard + "\"") >= 1) {
          held.add(shard);
        }
      }
    } catch (IOException e) {
      // Not answering: it holds nothing the harness can see.
    }
    return held;
  }

  /** The shards each live member holds, in member order. */
  List<Set<Integer>> holdings() {
    return live.stream().map(this::shardsOf).toList();
  }

  /** True when the live members hold every shard once, each within one of the others' count. */
  boolean balanced() {
    List<Set<Integer>> holdings = holdings();
    Set<Integer> all = new TreeSet<>();
    int total = 0;
    for (Set<Integer> held : holdings) {
      all.addAll(held);
      total += held.size();
    }
    int most = holdings.stream().mapToInt(Set::size).max().orElse(0);
    int fewest = holdings.stream().mapToInt(Set::size).min().orElse(0);
    return all.size() == shards && total == shards && most - fewest <= 1;
  }

  /** True when the live members hold every shard between them. */
  boolean everyShardHeld() {
    Set<Integer> all = new TreeSet<>();
    holdings().forEach(all::addAll);
    return all.size() == shards;
  }

  boolean ready() {
    for (Member member : live) {
      if (!member.process().alive()) {
        throw new IllegalStateException(
            "daemon process " + member.number() + " ended; see its log sharded-" + member.number());
      }
      if (!member.process().ready()) {
        return false;
      }
    }
    return true;
  }

  /** Apps reconciled so far by the live members, by any trigger. */
  long reconciled() {
    return live.stream().mapToLong(member -> member.process().reconciled()).sum();
  }

  /** Kills {@code member}'s process (no shutdown, its Leases stay as they were); returns when. */
  long kill(Member member) throws InterruptedException {
    live.remove(member);
    long killed = System.nanoTime();
    member.process().kill();
    return killed;
  }

  /**
   * Waits, reading the routes every {@link #POLL}, until {@code condition} holds; returns the
   * {@link System#nanoTime()} at which it was seen.
   */
  static long poll(BooleanSupplier condition, Duration timeout, String what)
      throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long now = System.nanoTime();
      if (condition.getAsBoolean()) {
        return now;
      }
      if (now > deadline) {
        throw new TimeoutException("timed out after " + timeout + " waiting for " + what);
      }
      Polling.sleep(POLL);
    }
  }

  /** Waits until the app writes and the members' reconciles have stopped for {@code quiet}. */
  void settle(WriterLog writers, Duration quiet, Duration timeout) throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long last = -1;
    long since = System.nanoTime();
    while (System.nanoTime() - since < quiet.toNanos()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("the daemon processes still working after " + timeout);
      }
      long now = writers.writes() * 1_000_003 + reconciled();
      if (now != last) {
        last = now;
        since = System.nanoTime();
      }
      Polling.sleep(POLL);
    }
  }

  private static void writeKubeconfig(Path file, String server) throws IOException {
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: bench
          cluster:
            server: %s
        users:
        - name: bench
          user:
            token: bench
        contexts:
        - name: bench
          context:
            cluster: bench
            user: bench
            namespace: default
        current-context: bench
        """
            .formatted(server),
        StandardCharsets.UTF_8);
  }

  /** Kills every process: nothing of them is measured any more, and a graceful stop takes time. */
  @Override
  public void close() {
    for (Member member : members) {
      try {
        member.process().kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        member.proxy().close();
      }
    }
  }
}
