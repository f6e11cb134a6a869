package io.mooring.daemon;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mooring.core.backup.BackupCatalogue;
import io.mooring.core.backup.BackupCatalogues;
import io.mooring.core.backup.PodExecBackupAgent;
import io.mooring.core.kube.Applier;
import io.mooring.core.kube.ClusterCache;
import io.mooring.core.kube.RetryPolicy;
import io.mooring.core.metrics.BackupMetrics;
import io.mooring.core.metrics.DriftMetrics;
import io.mooring.core.nats.NatsAssetSync;
import io.mooring.core.nats.NatsPeerRemoval;
import io.mooring.core.plan.PlanPolicy;
import io.mooring.core.reconcile.AppRenderer;
import io.mooring.core.reconcile.InSyncApps;
import io.mooring.core.reconcile.ReconcileMode;
import io.mooring.core.reconcile.ReconcileOptions;
import io.mooring.core.reconcile.Reconciler;
import io.mooring.core.reconcile.ServerHooks;
import io.mooring.core.reconcile.Trigger;
import io.mooring.core.redis.KubernetesAclUsers;
import io.mooring.core.redis.KubernetesClusterShardRoll;
import io.mooring.core.redis.KubernetesPasswordRotation;
import io.mooring.core.redis.KubernetesRedisRolls;
import io.mooring.core.redis.KubernetesSentinelRoll;
import io.mooring.core.redis.RedisLiveSettings;
import io.mooring.core.redis.RedisMigrationHook;
import io.mooring.core.redis.RedisTlsReload;
import io.mooring.core.redis.RotationServers;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import io.mooring.gitsync.GitMirror;
import io.mooring.gitsync.MirrorOptions;
import io.mooring.http.ManagementRoutes;
import io.mooring.http.StatusPage;
import io.mooring.http.StatusSource;
import io.mooring.http.WebhookRoutes;
import io.mooring.status.AppStatusStore;
import io.mooring.status.AppStatusView;
import io.mooring.status.FileProblemsView;
import io.mooring.status.PruneOverrideLog;
import io.mooring.status.SyncProgress;
import io.mooring.webhook.RecentDeliveries;
import io.mooring.webhook.WebhookPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running reconciler: a git mirror, the cluster cache, one sync worker, the HTTP server and the
 * timers, wired together. {@link #close()} is the graceful shutdown: stop taking webhooks, let the
 * app under way finish (a sync stops between two apps), release the lease.
 */
public final class Daemon implements AutoCloseable, StatusSource {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  /**
   * The longest {@link #close()} should take: up to {@link SyncCoordinator#APP_UNDER_WAY_WAIT} for
   * the app under way, a few seconds for the worker, the HTTP server, the lease and the informers.
   * Whatever stops the process must wait longer (the chart's terminationGracePeriodSeconds).
   */
  public static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(45);

  private final DaemonConfig config;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final GitMirror mirror;
  private final ClusterCache cache;
  private final WriteScope scope;
  private final Reconciler reconciler;
  private final ExecutorService worker;
  private final AppStatusStore status;
  private final SyncProgress progress;
  private final PruneOverrideLog pruneOverrides;
  private final SyncJob job;
  private final SyncCoordinator coordinator;
  private final ScheduledExecutorService timer;
  private final Vertx vertx;
  private final HttpServer server;

  /** The webhook server on its own port; null when webhooks share {@link #server}. */
  private final HttpServer webhookServer;

  /** The ConfigMap beside the Lease; null without leader election. */
  private final StateConfigMap state;

  /** Forwards pushes a standby receives to the leader; null without leader election. */
  private final SyncRelay relay;

  private final DaemonMetrics daemonMetrics;
  private final DriftWatcher drift;
  private final BackupWatch backups;
  private final GitHostFeedback gitHost;

  /** What the constructor opened so far, closed in reverse order when a later step fails. */
  private final Deque<AutoCloseable> opened;

  private final AtomicBoolean closed = new AtomicBoolean();

  private Daemon(
      DaemonConfig config,
      KubernetesClient given,
      AppRenderer renderer,
      SpecParser parser,
      Clock clock,
      Deque<AutoCloseable> opened)
      throws IOException {
    this.opened = opened;
    this.config = config;
    this.status = new AppStatusStore(clock);
    this.progress = new SyncProgress(clock);
    this.pruneOverrides = new PruneOverrideLog(clock);
    this.daemonMetrics = new DaemonMetrics(registry, clock);
    daemonMetrics.follow(progress);
    opened(ProcessMetrics.bind(registry));
    KubernetesClient client = opened(ApiRequestMetrics.counting(given, registry));
    this.mirror =
        opened(
            GitMirror.open(
                GitSources.from(config),
                config.dataDir().resolve("mirror"),
                MirrorOptions.defaults(),
                registry));
    this.cache = opened(ClusterCache.start(client, config.namespaces(), Duration.ofSeconds(60)));
    this.timer = Executors.newScheduledThreadPool(1, named("mooring-timer"));
    opened.push(timer::shutdownNow);
    this.worker = Executors.newSingleThreadExecutor(named("mooring-sync"));
    opened.push(worker::shutdownNow);
    String identity = identity();
    // Set once the coordinator exists; the state ConfigMap's informer may call back before that.
    java.util.concurrent.atomic.AtomicReference<SyncCoordinator> relayed =
        new java.util.concurrent.atomic.AtomicReference<>();
    if (config.leaderElection()) {
      this.relay = new SyncRelay(identity);
      this.state =
          opened(
              StateConfigMap.watch(
                  client,
                  config.leaseNamespace(),
                  config.leaseName(),
                  configMap -> {
                    SyncCoordinator target = relayed.get();
                    if (relay.newRequest(configMap) && target != null && mayWrite()) {
                      target.trigger(SyncRequest.of(Trigger.WEBHOOK, System.nanoTime()));
                    }
                  }));
      relay.attach(state);
    } else {
      this.relay = null;
      this.state = null;
    }
    this.scope =
        opened(
            config.shards() > 1
                ? new ShardScope(
                    new io.mooring.shard.ShardRing(config.shards()),
                    new io.mooring.shard.ShardLeases(
                        client,
                        config.leaseNamespace(),
                        config.leaseName(),
                        config.shards(),
                        identity,
                        config.leaseDuration(),
                        new ReplicaBeats(state, identity, config.leaseDuration(), System::nanoTime),
                        System::nanoTime),
                    registry)
                : new LeaderScope(
                    config.leaderElection()
                        ? LeaderGate.election(
                            client,
                            config.leaseNamespace(),
                            config.leaseName(),
                            identity,
                            config.leaseDuration())
                        : LeaderGate.single()));
    daemonMetrics.leader(scope.active());

    DriftMetrics driftMetrics =
        new DriftMetrics(
            registry,
            clock,
            state == null
                ? io.mooring.core.metrics.DriftStartStore.NONE
                : new ConfigMapDriftStarts(state, scope::active));
    // Asked before every write: an app whose shard this replica lost is not written another time.
    Applier applier =
        new Applier(
            client, RetryPolicy.defaults(), app -> app == null ? scope.active() : scope.owns(app));
    PlanPolicy policy = PlanPolicy.defaults().withPrune(config.prune());
    ReconcileMode mode =
        config.mode() == DaemonConfig.Mode.APPLY ? ReconcileMode.APPLY : ReconcileMode.OBSERVE;
    ReconcileOptions options = ReconcileOptions.defaults().withPolicy(policy).withClock(clock);
    NatsPeerRemoval peerRemoval =
        new NatsPeerRemoval(
            cache::get,
            NatsPeerRemoval.inCluster(config.renderOptions().clusterDomain()),
            Duration.ofSeconds(5));
    KubernetesSentinelRoll sentinelRoll =
        new KubernetesSentinelRoll(
            client,
            applier,
            cache::get,
            config.renderOptions().clusterDomain(),
            Duration.ofMinutes(2));
    KubernetesClusterShardRoll shardRoll =
        new KubernetesClusterShardRoll(
            client,
            applier,
            cache::get,
            config.renderOptions().clusterDomain(),
            Duration.ofMinutes(2));
    NatsAssetSync assetSync =
        new NatsAssetSync(
            cache::get,
            NatsPeerRemoval.inCluster(config.renderOptions().clusterDomain()),
            Duration.ofSeconds(5));
    String domain = config.renderOptions().clusterDomain();
    ServerHooks hooks =
        ServerHooks.NONE
            .withScaleDown(peerRemoval)
            .withRoll(new KubernetesRedisRolls(sentinelRoll, shardRoll))
            .withServerAssets(assetSync)
            .withMigration(new RedisMigrationHook(cache::get, domain, Duration.ofSeconds(5)))
            .withLiveSettings(new RedisLiveSettings(cache::get, domain, Duration.ofSeconds(5)))
            .withRedisCluster(
                RedisClusterWiring.hook(client, applier, cache::get, domain, registry))
            .withTlsReload(new RedisTlsReload(cache::get, domain, Duration.ofSeconds(5)))
            .withAclUsers(
                new KubernetesAclUsers(
                    key -> {
                      HasMetadata cached = cache.get(key);
                      // A user's own Secret is not Mooring's, so the cache does not hold it.
                      if (cached != null) {
                        return cached;
                      }
                      try {
                        return client
                            .secrets()
                            .inNamespace(key.namespace())
                            .withName(key.name())
                            .get();
                      } catch (KubernetesClientException e) {
                        throw new IllegalStateException(
                            "cannot read " + key + " (does Mooring's role allow get on Secrets?)",
                            e);
                      }
                    },
                    domain,
                    Duration.ofSeconds(5)))
            .withPasswordRotation(
                new KubernetesPasswordRotation(
                    cache,
                    applier,
                    RotationServers.inCluster(client, cache::get),
                    domain,
                    config.renderOptions().passwords(),
                    clock,
                    Duration.ofSeconds(5)));
    // An app the drift watcher found in sync after a sync's writes is not rendered again by the
    // next resync, and the other way round.
    InSyncApps inSync = new InSyncApps();
    this.reconciler =
        new Reconciler(
            renderer, cache, applier, driftMetrics, options.withMode(mode), hooks, inSync);
    // Observe mode only reads the servers' assets.
    Reconciler observer =
        new Reconciler(
            renderer,
            cache,
            applier,
            driftMetrics,
            options.withMode(ReconcileMode.OBSERVE),
            ServerHooks.NONE.withServerAssets(assetSync),
            inSync);
    // Read only after a sync, when the job exists.
    AtomicReference<SyncJob> jobRef = new AtomicReference<>();
    this.gitHost =
        opened(
            GitHostFeedback.start(
                config, registry, status, () -> jobRef.get().specs().filesWithErrorsAndNoApp()));
    this.job =
        new SyncJob(
            mirror,
            parser,
            reconciler,
            status,
            daemonMetrics,
            cache::managedApps,
            progress,
            pruneOverrides,
            driftMetrics,
            gitHost.revisions(),
            scope::owns);
    jobRef.set(job);
    this.coordinator =
        new SyncCoordinator(
            worker,
            (request, signals) -> {
              if (scope.active()) {
                job.run(request, signals);
              }
            });
    relayed.set(coordinator);
    this.drift =
        new DriftWatcher(
            worker,
            timer,
            observer,
            reconciler,
            mode == ReconcileMode.APPLY,
            SelfHealBackoff.defaults(),
            app -> job.specs().spec(app),
            job::revision,
            status,
            scope::owns,
            driftMetrics);
    cache.addListener((app, key) -> drift.changed(app));
    this.backups =
        opened(
            new BackupWatch(
                new BackupCatalogues(
                    new PodExecBackupAgent(client, Duration.ofSeconds(30), Duration.ofMinutes(30)),
                    new BackupMetrics(registry)),
                job::specs,
                scope::owns));

    this.vertx = Vertx.vertx();
    opened.push(() -> await(vertx.close()));
    Router router = Router.router(vertx);
    boolean ownWebhookPort = config.webhookPort() != DaemonConfig.WEBHOOKS_ON_HTTP_PORT;
    Router webhookRouter = ownWebhookPort ? Router.router(vertx) : router;
    WebhookPolicy webhooks =
        new WebhookPolicy(
            config.repo(),
            config.branch(),
            config.githubSecret().bytes(),
            config.gitlabToken().bytes(),
            new RecentDeliveries(10_000));
    new WebhookRoutes(
            webhooks,
            this::pushReceived,
            gitHost.startPreviews(
                config, GitSources.from(config), client, cache, renderer, parser, job::specs),
            registry,
            config.webhookBodyLimitBytes(),
            30_000)
        .mount(webhookRouter);
    new ManagementRoutes(this, registry).mount(router);
    HttpServerOptions http =
        new HttpServerOptions()
            .setHost(config.bindAddress())
            .setPort(config.httpPort())
            .setIdleTimeout(60)
            .setIdleTimeoutUnit(TimeUnit.SECONDS);
    this.server = await(vertx.createHttpServer(http).requestHandler(router).listen());
    this.webhookServer =
        ownWebhookPort
            ? await(
                vertx
                    .createHttpServer(new HttpServerOptions(http).setPort(config.webhookPort()))
                    .requestHandler(webhookRouter)
                    .listen())
            : null;
  }

  /**
   * A push accepted on this replica: the leader syncs; a standby hands it to the leader through the
   * API (off the event loop: that is one API call). With shards, the replica syncs its own shards
   * and tells every other replica to fetch too: which shards a push touches is known only after
   * fetching it, and the others' fetch of the same commit is cheap.
   */
  private void pushReceived(long receivedNanos) {
    boolean sharded = config.shards() > 1;
    if (relay == null || (scope.active() && !sharded)) {
      coordinator.trigger(SyncRequest.of(Trigger.WEBHOOK, receivedNanos));
      return;
    }
    if (sharded && scope.active()) {
      coordinator.trigger(SyncRequest.of(Trigger.WEBHOOK, receivedNanos));
    }
    timer.execute(relay::forward);
  }

  /**
   * Starts everything and the first sync; returns once the HTTP server listens.
   *
   * @throws DaemonStartException when a part cannot start (the HTTP port is taken, the API is
   *     unreachable, the data directory is unusable); what had started is stopped again
   */
  public static Daemon start(
      DaemonConfig config, KubernetesClient client, AppRenderer renderer, Clock clock) {
    return start(
        config, client, renderer, SpecParser.standard(SpecParserOptions.defaults()), clock);
  }

  /**
   * Starts as {@link #start(DaemonConfig, KubernetesClient, AppRenderer, Clock)} does, reading
   * specs with {@code parser}.
   *
   * @param clock the time of the status, the metrics and the apps' maintenance windows
   */
  public static Daemon start(
      DaemonConfig config,
      KubernetesClient client,
      AppRenderer renderer,
      SpecParser parser,
      Clock clock) {
    Daemon daemon = construct(config, client, renderer, parser, clock);
    try {
      // Only now: the election calls back from its own thread, and may do so at once.
      daemon.scope.start(daemon::scopeChanged);
    } catch (RuntimeException e) {
      daemon.close();
      throw new DaemonStartException(describe(config, e), e);
    }
    daemon.coordinator.trigger(SyncRequest.of(Trigger.STARTUP, 0));
    daemon.schedule(config.pollInterval(), Trigger.POLL);
    daemon.schedule(config.resyncInterval(), Trigger.RESYNC);
    daemon.backups.start(Duration.ofMinutes(1));
    LOG.info(
        "mooring serving on http://{}:{}/ (webhooks on port {}) for {}",
        config.bindAddress(),
        daemon.port(),
        daemon.webhookPort(),
        config);
    return daemon;
  }

  private static Daemon construct(
      DaemonConfig config,
      KubernetesClient client,
      AppRenderer renderer,
      SpecParser parser,
      Clock clock) {
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    try {
      return new Daemon(config, client, renderer, parser, clock, opened);
    } catch (IOException | RuntimeException e) {
      // A half-started daemon would keep informers, the lease and the event loop alive: the JVM
      // would
      // neither serve nor exit.
      while (!opened.isEmpty()) {
        closeQuietly(opened.pop());
      }
      throw new DaemonStartException(describe(config, e), e);
    }
  }

  private static String describe(DaemonConfig config, Exception e) {
    String cause =
        e.getCause() != null
                && e.getMessage() != null
                && e.getMessage().equals(e.getCause().getMessage())
            ? e.getCause().toString()
            : e.getMessage();
    if (e.getCause() instanceof java.net.BindException
        || String.valueOf(cause).contains("Address already in use")) {
      return "cannot listen on " + config.bindAddress() + ":" + config.httpPort() + ": " + cause;
    }
    return "cannot start: " + cause;
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      LOG.debug("while stopping a half-started daemon: {}", e.toString());
    }
  }

  private <T extends AutoCloseable> T opened(T resource) {
    opened.push(resource);
    return resource;
  }

  public int port() {
    return server.actualPort();
  }

  /** The port webhooks are served on: {@link #port()} unless they have their own. */
  public int webhookPort() {
    return webhookServer != null ? webhookServer.actualPort() : server.actualPort();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Asks for a sync now, as a timer or a webhook would (the benchmark drives resyncs with it). */
  public void triggerSync(Trigger trigger) {
    coordinator.trigger(
        SyncRequest.of(trigger, trigger == Trigger.WEBHOOK ? System.nanoTime() : 0));
  }

  public boolean isLeader() {
    return scope.active();
  }

  /** Read from callbacks that may run before the constructor assigned {@link #scope}. */
  private boolean mayWrite() {
    return scope != null && scope.active();
  }

  /**
   * Sync runs finished so far, a follower's skipped ones included. A run that changes nothing has
   * no other outward sign; tests wait on this count rather than sleeping.
   */
  long completedSyncs() {
    return coordinator.completedRuns();
  }

  /**
   * True when no sync is running or queued and no cluster event waits for its diff or heal: what
   * the last webhook or edit caused has happened. Tests wait on it before asserting that something
   * did not happen.
   */
  public boolean settled() {
    return !coordinator.busy() && drift.idle() && gitHost.idle();
  }

  /** Pull-request previews published so far (tests wait on it). */
  long previewsFinished() {
    return gitHost.previewer() == null ? 0 : gitHost.previewer().finished();
  }

  @Override
  public List<AppStatusView> apps() {
    return status.all();
  }

  @Override
  public Optional<BackupCatalogue> backups(String kind, String namespace, String name) {
    AppRef app;
    try {
      app = new AppRef(AppKind.fromId(kind), namespace, name);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return backups.latest(app);
  }

  @Override
  public List<FileProblemsView> files() {
    return status.files();
  }

  @Override
  public StatusPage.DaemonSummary summary() {
    var git = mirror.status();
    return new StatusPage.DaemonSummary(
        git.uri(),
        git.branch(),
        job.revision(),
        config.mode().name().toLowerCase(java.util.Locale.ROOT),
        scope.active(),
        git.lastError(),
        progress.current(),
        pruneOverrides.entries(),
        ApiRequestMetrics.byCode(registry));
  }

  @Override
  public boolean ready() {
    // A follower has nothing to sync: it is ready when it serves and reaches the API, so that it
    // can
    // take over at once.
    return cache.watching() && (!scope.active() || job.synced());
  }

  // The returned future is not kept: the task catches its own failures, and close() cancels it
  // with the whole timer.
  @SuppressWarnings("FutureReturnValueIgnored")
  private void schedule(Duration every, Trigger trigger) {
    long millis = Math.max(every.toMillis(), 1000);
    timer.scheduleAtFixedRate(
        () -> {
          try {
            coordinator.trigger(SyncRequest.of(trigger, 0));
          } catch (RuntimeException e) {
            // Thrown out of the task, it would end the schedule for good and unseen; the poll is
            // the safety net for lost webhooks.
            LOG.warn("{} trigger failed; trying again in {} ms: {}", trigger, millis, e.toString());
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  private void scopeChanged(boolean grew, java.util.Set<Integer> shardsLost) {
    daemonMetrics.leader(scope.active());
    if (!shardsLost.isEmpty() && scope instanceof ShardScope shards) {
      // Their new owner reports them; kept here, their status and drift would be stale twice.
      worker.execute(
          () ->
              status.apps().stream()
                  .filter(app -> shardsLost.contains(shards.shardOf(app)) && !scope.owns(app))
                  .forEach(
                      app -> {
                        status.forget(app);
                        reconciler.forget(app);
                      }));
    }
    if (grew) {
      // A new leader (or owner of a shard) cannot know what happened while it did not write: it
      // re-reads and re-diffs everything.
      coordinator.trigger(SyncRequest.of(Trigger.RESYNC, 0));
    }
  }

  @Override
  public io.mooring.shard.ShardPlacement placement(String kind, String namespace, String name) {
    try {
      return scope.placement(new AppRef(AppKind.fromId(kind), namespace, name));
    } catch (IllegalArgumentException unknownKind) {
      return null;
    }
  }

  @Override
  public void close() {
    // A SIGTERM hook and the code that started the daemon may both close it; the second call has
    // nothing to do.
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOG.info("shutting down: no more webhooks, finishing the app under way, releasing the lease");
    try {
      if (webhookServer != null) {
        await(webhookServer.close());
      }
      await(server.close());
    } catch (RuntimeException e) {
      LOG.warn("HTTP server did not close cleanly: {}", e.toString());
    }
    drift.stop();
    backups.close();
    timer.shutdownNow();
    try {
      coordinator.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scope.close();
    if (state != null) {
      state.close();
    }
    daemonMetrics.leader(false);
    cache.close();
    mirror.close();
    gitHost.close();
    await(vertx.close());
  }

  private static String identity() {
    String pod = System.getenv("POD_NAME");
    return pod != null && !pod.isBlank()
        ? pod
        : "mooring-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(
          e.getCause() != null ? e.getCause().getMessage() : e.toString(), e);
    }
  }
}
