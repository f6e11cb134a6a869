package io.mooring.daemon;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this replica may write to the cluster. With leader election a coordination Lease picks
 * one active replica; the others keep serving health and metrics. Losing the lease closes the gate
 * at once, before any callback runs, so no write starts after it.
 */
public final class LeaderGate implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderGate.class);

  /**
   * The Lease's name unless told otherwise ({@code --lease-name}; the chart derives one per
   * release).
   */
  public static final String DEFAULT_LEASE_NAME = "mooring-leader";

  private final AtomicBoolean leader;

  /** The election to join; null without one. */
  private final KubernetesClient client;

  private final String namespace;
  private final String leaseName;
  private final String identity;
  private final Duration leaseDuration;
  private volatile LeaderElector elector;
  private volatile CompletableFuture<?> election;
  private volatile boolean closing;

  private LeaderGate(
      KubernetesClient client,
      String namespace,
      String leaseName,
      String identity,
      Duration leaseDuration) {
    this.leader = new AtomicBoolean(client == null);
    this.client = client;
    this.namespace = namespace;
    this.leaseName = leaseName;
    this.identity = identity;
    this.leaseDuration = leaseDuration;
  }

  /** No election: this process is the only writer. */
  public static LeaderGate single() {
    return new LeaderGate(null, null, null, null, null);
  }

  /**
   * A gate for the election for the Lease {@code namespace/leaseName}; closed until {@link #start}
   * joins the election and this replica wins it.
   */
  public static LeaderGate election(
      KubernetesClient client,
      String namespace,
      String leaseName,
      String identity,
      Duration leaseDuration) {
    return new LeaderGate(client, namespace, leaseName, identity, leaseDuration);
  }

  /**
   * Joins the election (nothing to join without one). {@code onChange} is told true when this
   * replica becomes leader (the daemon then resyncs) and false when it loses the lease; it may be
   * called at once, from another thread, so whoever passes it must be fully built.
   */
  public synchronized void start(Consumer<Boolean> onChange) {
    if (client == null || elector != null || closing) {
      return;
    }
    elector =
        client
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName("mooring")
                    .withLock(new LeaseLock(namespace, leaseName, identity))
                    .withLeaseDuration(leaseDuration)
                    .withRenewDeadline(leaseDuration.multipliedBy(2).dividedBy(3))
                    .withRetryPeriod(leaseDuration.dividedBy(5))
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(
                            () -> {
                              leader.set(true);
                              LOG.info("leader election: {} is now the leader", identity);
                              onChange.accept(true);
                            },
                            () -> {
                              leader.set(false);
                              if (closing) {
                                LOG.info("leader election: {} released the lease", identity);
                              } else {
                                LOG.warn(
                                    "leader election: {} lost the lease; writes stop", identity);
                              }
                              onChange.accept(false);
                            },
                            newLeader ->
                                LOG.info("leader election: current leader is {}", newLeader)))
                    .build())
            .build();
    election = elector.start();
    // fabric8's elector ends for good once its lease is lost (a renewal past its deadline on a
    // flaky API): without a new one, a replica that lost the lease would never stand again, and
    // with every replica in that state nobody would write.
    CompletableFuture<?> unused = election.whenComplete((ignored, failure) -> standAgain(onChange));
  }

  private synchronized void standAgain(Consumer<Boolean> onChange) {
    if (closing) {
      return;
    }
    LOG.info("leader election: {} stands for the lease again", identity);
    elector = null;
    start(onChange);
  }

  public boolean isLeader() {
    return leader.get();
  }

  /** Releases the lease (graceful shutdown) so a follower takes over without waiting for expiry. */
  @Override
  public void close() {
    synchronized (this) {
      // A start() after this would join an election nobody leaves.
      closing = true;
    }
    boolean wasLeader = leader.getAndSet(false);
    CompletableFuture<?> running = election;
    if (running != null) {
      running.cancel(true);
    }
    if (wasLeader && elector != null) {
      // Cancelling releases the lease from a callback that may run after the client is closed;
      // releasing
      // here, before the caller closes the client, is what lets a follower take over at once.
      try {
        elector.release();
      } catch (RuntimeException e) {
        LOG.warn(
            "leader election: could not release the lease ({}); a follower takes over when it expires",
            e.toString());
      }
    }
  }
}
