package io.mooring.core.rediscluster;

import io.mooring.core.reconcile.ClusterSettlement;
import io.mooring.core.reconcile.RedisClusterHook;
import io.mooring.core.reconcile.RedisClusterShape;
import io.mooring.core.spec.AppRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The reconciler's {@link RedisClusterHook}: reaches each pod by its address, runs one bounded
 * {@link ClusterOrchestrator} pass, and turns its outcome into the app's status.
 */
public final class RedisClusterOrchestration implements RedisClusterHook {
  /** The client port every cluster pod listens on; the bus port is 16379. */
  public static final int PORT = 6379;

  /** Opens the node commands of an app with its password, over TLS when the app serves TLS. */
  @FunctionalInterface
  public interface Connector {
    NodeCommands open(AppRef app, char[] password);
  }

  /** Where pod {@code ordinal} of shard {@code shard} of an app takes clients. */
  @FunctionalInterface
  public interface PodAddresses {
    NodeAddress of(AppRef app, int shard, int ordinal);
  }

  private final PodAddresses addresses;
  private final Function<AppRef, char[]> password;
  private final Connector connect;
  private final ProgressStore store;
  private final ClusterListener listener;
  private final Duration bound;
  private final Duration poll;

  /**
   * @param password the app's password as the live Secret holds it, or null without auth
   * @param connect opens the node commands with a password, e.g. {@code p -> new
   *     LettuceNodeCommands(p, timeout)}
   * @param bound how long one sync waits for the servers before it reports IN_PROGRESS
   */
  public RedisClusterOrchestration(
      PodAddresses addresses,
      Function<AppRef, char[]> password,
      Function<char[], NodeCommands> connect,
      ProgressStore store,
      ClusterListener listener,
      Duration bound,
      Duration poll) {
    this(
        addresses,
        password,
        (Connector) (app, secret) -> connect.apply(secret),
        store,
        listener,
        bound,
        poll);
  }

  /**
   * As the other constructor, with {@code connect} told the app too: e.g. {@code (app, p) -> new
   * LettuceNodeCommands(p, timeout, caOf(app))} for apps that serve TLS.
   */
  public RedisClusterOrchestration(
      PodAddresses addresses,
      Function<AppRef, char[]> password,
      Connector connect,
      ProgressStore store,
      ClusterListener listener,
      Duration bound,
      Duration poll) {
    this.addresses = addresses;
    this.password = password;
    this.connect = connect;
    this.store = store;
    this.listener = listener;
    this.bound = bound;
    this.poll = poll;
  }

  /**
   * Pods by their stable DNS name through the headless Service, as Mooring running in the cluster
   * reaches them: {@code <app>-shard-<i>-<j>.<headless>.<namespace>.svc.<domain>}.
   */
  public static PodAddresses inCluster(
      String clusterDomain, Function<AppRef, String> headlessService) {
    return (app, shard, ordinal) ->
        new NodeAddress(
            podName(app, shard, ordinal)
                + "."
                + headlessService.apply(app)
                + "."
                + app.namespace()
                + ".svc."
                + clusterDomain,
            PORT);
  }

  public static String podName(AppRef app, int shard, int ordinal) {
    return app.name() + "-shard-" + shard + "-" + ordinal;
  }

  @Override
  public ClusterSettlement podsReady(AppRef app, RedisClusterShape shape) {
    Map<NodeAddress, String> names = new LinkedHashMap<>();
    List<List<NodeAddress>> shards = new ArrayList<>();
    for (int shard = 0; shard < shape.podsPerShard().size(); shard++) {
      List<NodeAddress> pods = new ArrayList<>();
      for (int ordinal = 0; ordinal < shape.podsPerShard().get(shard); ordinal++) {
        NodeAddress address = addresses.of(app, shard, ordinal);
        names.put(address, podName(app, shard, ordinal));
        pods.add(address);
      }
      shards.add(pods);
    }
    DesiredLayout layout = new DesiredLayout(shape.masters(), shape.replicasPerMaster(), shards);
    char[] secret = password.apply(app);
    try (NodeCommands commands = connect.open(app, secret)) {
      ClusterOutcome outcome =
          new ClusterOrchestrator(commands, store, listener, bound, poll).run(app, layout);
      return new ClusterSettlement(
          ClusterSettlement.State.valueOf(outcome.state().name()),
          outcome.line(),
          outcome.podsMayGo().stream().map(names::get).toList());
    } finally {
      if (secret != null) {
        java.util.Arrays.fill(secret, '\0');
      }
    }
  }
}
