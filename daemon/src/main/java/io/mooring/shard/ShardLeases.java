package io.mooring.shard;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds this replica's shards, one Lease each ({@code <prefix>-shard-<i>}), the way Kubernetes
 * leader election holds one: renewed every round, taken over only once its holder has not renewed
 * it for the lease duration, written with the version read so that two replicas never both take
 * one. Which shards to take or release is {@link ShardBalance}'s decision.
 *
 * <p>Expiry is judged by this replica's own clock from when it last saw a Lease change, not from
 * the time written in it, so clocks that disagree between nodes cannot make a live Lease look
 * expired. A shard counts as this replica's only while its last renewal is younger than the renew
 * deadline (two thirds of the lease duration): a replica cut off from the API stops writing before
 * anyone else may take the shard.
 */
public final class ShardLeases implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardLeases.class);

  /** Told about shards gained and lost, from the leases' own thread. */
  @FunctionalInterface
  public interface Listener {
    void changed(Set<Integer> gained, Set<Integer> lost);
  }

  private final KubernetesClient client;
  private final String namespace;
  private final String leaderLease;
  private final int shards;
  private final String identity;
  private final Duration leaseDuration;
  private final Replicas replicas;
  private final LongSupplier nanos;
  private final ScheduledExecutorService rounds;

  /** Shards held, with the version last written and when it was renewed. */
  private final Map<Integer, Held> held = new ConcurrentHashMap<>();

  /** Each shard's Lease as last read, and when this replica saw it change. */
  private final Map<Integer, Seen> seen = new ConcurrentHashMap<>();

  private volatile Listener listener = (gained, lost) -> {};
  private volatile boolean closed;

  private record Held(Lease lease, long renewedNanos) {}

  private record Seen(String holder, String version, long sinceNanos) {}

  public ShardLeases(
      KubernetesClient client,
      String namespace,
      String leaderLease,
      int shards,
      String identity,
      Duration leaseDuration,
      Replicas replicas,
      LongSupplier nanos) {
    this.client = client;
    this.namespace = namespace;
    this.leaderLease = leaderLease;
    this.shards = shards;
    this.identity = identity;
    this.leaseDuration = leaseDuration;
    this.replicas = replicas;
    this.nanos = nanos;
    this.rounds =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "mooring-shards");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * The Lease name of shard {@code shard}: {@code <prefix>-shard-<i>}, where the prefix is the
   * leader Lease's name without its {@code -leader} ending ({@code mooring-leader} gives {@code
   * mooring-shard-0} ...).
   */
  public static String leaseName(String leaderLeaseName, int shard) {
    String prefix =
        leaderLeaseName.endsWith("-leader")
            ? leaderLeaseName.substring(0, leaderLeaseName.length() - "-leader".length())
            : leaderLeaseName;
    return prefix + "-shard-" + shard;
  }

  /** Starts the rounds, one every fifth of the lease duration, the first at once. */
  // The future is not kept: close() ends the schedule by shutting the executor down.
  @SuppressWarnings("FutureReturnValueIgnored")
  public void start(Listener onChange) {
    this.listener = onChange;
    long period = Math.max(leaseDuration.toMillis() / 5, 50);
    rounds.scheduleWithFixedDelay(this::round, 0, period, TimeUnit.MILLISECONDS);
  }

  public int shards() {
    return shards;
  }

  /** True while this replica holds the shard's Lease and renewed it within the renew deadline. */
  public boolean owns(int shard) {
    Held mine = held.get(shard);
    return mine != null && !closed && nanos.getAsLong() - mine.renewedNanos < renewDeadline();
  }

  /** True while this replica holds at least one shard. */
  public boolean ownsAny() {
    for (Integer shard : held.keySet()) {
      if (owns(shard)) {
        return true;
      }
    }
    return false;
  }

  /** The shard's holder as last seen (this replica for its own), or null while it is free. */
  public String holder(int shard) {
    if (owns(shard)) {
      return identity;
    }
    Seen lease = seen.get(shard);
    return lease == null || lease.holder.isEmpty() || expired(lease) ? null : lease.holder;
  }

  private long renewDeadline() {
    return leaseDuration.toNanos() * 2 / 3;
  }

  private boolean expired(Seen lease) {
    return nanos.getAsLong() - lease.sinceNanos >= leaseDuration.toNanos();
  }

  /** One round: renew, read, decide, release, take. Never throws: the schedule must go on. */
  private void round() {
    if (closed) {
      return;
    }
    Set<Integer> gained = new TreeSet<>();
    Set<Integer> lost = new TreeSet<>();
    try {
      try {
        replicas.beat();
      } catch (RuntimeException e) {
        LOG.debug("shards: could not announce {}: {}", identity, e.toString());
      }
      renewAll(lost);
      Map<Integer, String> holders = readAll(gained);
      ShardBalance.Decision decision =
          ShardBalance.decide(shards, identity, holders, replicas.alive());
      for (int shard : decision.release()) {
        release(shard);
        lost.add(shard);
      }
      for (int shard : decision.take()) {
        if (take(shard)) {
          gained.add(shard);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("shards: round failed; trying again: {}", e.toString());
    }
    // A shard whose renewals kept failing is no longer this replica's, whether or not a later
    // round finds out why.
    held.keySet().removeIf(shard -> !owns(shard) && lost.add(shard));
    lost.removeAll(gained);
    if (!gained.isEmpty() || !lost.isEmpty()) {
      LOG.info("shards: {} took {} and gave up {}; holds {}", identity, gained, lost, held());
      try {
        listener.changed(gained, lost);
      } catch (RuntimeException e) {
        // Thrown out of the round, it would end the schedule: no Lease would be renewed again.
        LOG.warn("shards: reacting to the change failed: {}", e.toString());
      }
    }
  }

  private Set<Integer> held() {
    return new TreeSet<>(held.keySet());
  }

  private void renewAll(Set<Integer> lost) {
    for (Map.Entry<Integer, Held> entry : new HashMap<>(held).entrySet()) {
      int shard = entry.getKey();
      Lease lease = entry.getValue().lease;
      lease.getSpec().setRenewTime(now());
      try {
        Lease renewed = leases().resource(lease).update();
        held.put(shard, new Held(renewed, nanos.getAsLong()));
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409 || e.getCode() == 404) {
          // Someone else wrote it: it expired in their eyes and was taken over.
          held.remove(shard);
          lost.add(shard);
          LOG.warn("shards: {} lost shard {} to another replica", identity, shard);
        } else {
          LOG.warn("shards: could not renew shard {}: {}", shard, e.toString());
        }
      }
    }
  }

  /**
   * Reads every shard's Lease; returns the live holder of each shard that has one. A Lease that
   * still names this replica though it no longer counts as held (its renewals were late, or this is
   * a restart under the same name) is taken back, as a shard gained.
   */
  private Map<Integer, String> readAll(Set<Integer> gained) {
    Map<Integer, String> holders = new HashMap<>();
    for (int shard = 0; shard < shards; shard++) {
      if (held.containsKey(shard)) {
        holders.put(shard, identity);
        continue;
      }
      Lease lease = leases().withName(leaseName(leaderLease, shard)).get();
      String holder =
          lease == null || lease.getSpec() == null
              ? ""
              : Objects.requireNonNullElse(lease.getSpec().getHolderIdentity(), "");
      String version = lease == null ? "" : lease.getMetadata().getResourceVersion();
      Seen before = seen.get(shard);
      Seen now =
          before != null && before.holder.equals(holder) && before.version.equals(version)
              ? before
              : new Seen(holder, version, nanos.getAsLong());
      seen.put(shard, now);
      if (holder.equals(identity)) {
        if (take(shard)) {
          holders.put(shard, identity);
          gained.add(shard);
        }
      } else if (!holder.isEmpty() && !expired(now)) {
        holders.put(shard, holder);
      }
    }
    return holders;
  }

  /** Takes a free shard's Lease; false when another replica wrote it first. */
  private boolean take(int shard) {
    String name = leaseName(leaderLease, shard);
    try {
      Lease current = leases().withName(name).get();
      Lease taken;
      if (current == null) {
        taken =
            leases()
                .resource(
                    new LeaseBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .endMetadata()
                        .withNewSpec()
                        .withHolderIdentity(identity)
                        .withLeaseDurationSeconds((int) Math.max(1, leaseDuration.toSeconds()))
                        .withAcquireTime(now())
                        .withRenewTime(now())
                        .withLeaseTransitions(0)
                        .endSpec()
                        .build())
                .create();
      } else {
        Seen last = seen.get(shard);
        boolean mine = identity.equals(current.getSpec().getHolderIdentity());
        if (last == null
            || (!last.version.equals(current.getMetadata().getResourceVersion()) && !mine)) {
          // It changed since the round read it: someone renewed or took it.
          return false;
        }
        var spec = current.getSpec();
        if (!mine) {
          spec.setLeaseTransitions(
              spec.getLeaseTransitions() == null ? 1 : spec.getLeaseTransitions() + 1);
          spec.setAcquireTime(now());
        }
        spec.setHolderIdentity(identity);
        spec.setLeaseDurationSeconds((int) Math.max(1, leaseDuration.toSeconds()));
        spec.setRenewTime(now());
        taken = leases().resource(current).update();
      }
      held.put(shard, new Held(taken, nanos.getAsLong()));
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        LOG.warn("shards: could not take shard {}: {}", shard, e.toString());
      }
      return false;
    }
  }

  /**
   * Gives a shard up: it stops counting as this replica's first, then its Lease is emptied so that
   * another replica takes it at once rather than after it expires.
   */
  private void release(int shard) {
    Held mine = held.remove(shard);
    if (mine == null) {
      return;
    }
    Lease lease = mine.lease;
    lease.getSpec().setHolderIdentity(null);
    try {
      leases().resource(lease).update();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "shards: could not release shard {} ({}); it is taken over when it expires",
          shard,
          e.toString());
    }
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          Lease,
          io.fabric8.kubernetes.api.model.coordination.v1.LeaseList,
          io.fabric8.kubernetes.client.dsl.Resource<Lease>>
      leases() {
    return client.leases().inNamespace(namespace);
  }

  private static ZonedDateTime now() {
    return ZonedDateTime.now(ZoneOffset.UTC);
  }

  /** Releases every shard and leaves (graceful shutdown), so the others take over at once. */
  @Override
  public void close() {
    closed = true;
    rounds.shutdownNow();
    try {
      rounds.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (int shard : held()) {
      release(shard);
    }
    try {
      replicas.leave();
    } catch (RuntimeException e) {
      LOG.debug("shards: could not leave: {}", e.toString());
    }
  }
}
